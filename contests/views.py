from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .models import Contest


def index(request):
    contests = Contest.objects.filter(is_published=True)
    return render(request, "contests/index.html", {"contests": contests})


def detail(request, slug):
    contest = get_object_or_404(Contest, slug=slug, is_published=True)
    return render(request, "contests/detail.html", {"contest": contest})


@login_required
def my_entries(request):
    return render(request, "contests/my_entries.html", {"entries": []})
