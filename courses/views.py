from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .models import Course


def catalogue(request):
    return render(request, "courses/catalogue.html", {"courses": Course.objects.visible()})


def detail(request, slug):
    course = get_object_or_404(Course.objects.visible(), slug=slug)
    return render(request, "courses/detail.html", {"course": course})


@login_required
def my_courses(request):
    return render(request, "courses/my_courses.html", {"registrations": []})
