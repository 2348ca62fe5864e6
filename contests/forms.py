from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.forms import BirthDateField, CCCDField, cccd_birth_year_error
from accounts.models import Unit

from .models import KIND_MESSAGES, Area, Audience, EntrantGroup, kind_problem


class EntryForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("I enter as"), queryset=EntrantGroup.objects.none(), empty_label=None
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    # The profile's fields: dd/mm/yyyy typed as text, a CCCD normalised the same way.
    date_of_birth = BirthDateField(required=False)
    cccd = CCCDField(
        required=False, help_text=_("12 digits; one entry per CCCD. Shown masked in every list.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    unit = forms.ModelChoiceField(
        label=_("Work unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Other (citizens)"),
    )
    consent = forms.BooleanField(label=_("I agree to the processing of my personal data"))

    def __init__(self, *args, contest, person, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("full_name", person.full_name)
        initial.setdefault("date_of_birth", person.date_of_birth)
        initial.setdefault("cccd", person.cccd)
        initial.setdefault("phone", person.phone)
        initial.setdefault("unit", person.unit_id)
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = contest.groups.all()
        self.fields["unit"].queryset = Unit.objects.current().exclude(kind=Unit.Kind.PROVINCE)
        self.fields["date_of_birth"].required = contest.require_date_of_birth
        self.fields["cccd"].required = contest.require_cccd
        self.fields["phone"].required = contest.require_phone
        if contest.consent_text:
            self.fields["consent"].help_text = contest.consent_text
        ages = [g.min_age for g in contest.groups.all() if g.audience == Audience.PUBLIC]
        if ages:
            self.fields["date_of_birth"].help_text = _(
                "Required for citizens, who must be at least %(age)s years old."
            ) % {"age": min(ages)}

    def clean(self):
        from .errors import MESSAGES
        from .services import public_age_problem

        cleaned = super().clean()
        cccd_birth_year_error(self)
        group = cleaned.get("group")
        if group is not None and "date_of_birth" not in self.errors:
            problem = public_age_problem(group, cleaned.get("date_of_birth"))
            if problem:
                self.add_error("date_of_birth", MESSAGES[problem] % {"age": group.min_age})
        return cleaned


class ImportForm(forms.Form):
    FORMATS = [
        ("auto", _("Recognise from the file name")),
        ("table", _("Excel or CSV (our template)")),
        ("gift", _("Moodle GIFT")),
        ("aiken", _("Aiken")),
    ]
    file = forms.FileField(label=_("File"))
    file_format = forms.ChoiceField(label=_("Format"), choices=FORMATS, initial="auto")
    default_area = forms.ChoiceField(
        label=_("Reform area for questions that name none"),
        choices=[("", _("(none: every question must name one)"))] + list(Area.choices),
        required=False,
    )


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


def _question_snapshot(question):
    """What appraisal vouches for: the text, the kind and each choice with its flag."""
    if not question.pk:
        return None
    from .editor import canonical

    choices = sorted(
        (canonical(text), correct)
        for text, correct in question.choices.values_list("text", "is_correct")
    )
    return (canonical(question.text), question.kind, choices)


class ContestAdminForm(WagtailAdminModelForm):
    """The contest editor. Entries protect their entrant group (a person entered under its
    rules), so deleting a group that has entries is refused here, with its name and count,
    rather than by the database's ProtectedError at save time (a 500)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("committee")
        if field is not None:
            # The organizers are the people who log into the admin (thousands of citizens
            # have accounts too); present members stay listed whatever they are now.
            members = Q(is_staff=True, is_active=True)
            if self.instance.pk:
                members |= Q(contest_committees=self.instance)
            field.queryset = get_user_model().objects.filter(members).distinct()
            field.label_from_instance = _user_label

    def clean(self):
        from .errors import MESSAGES

        cleaned = super().clean()
        formset = self.formsets.get("groups")
        if formset is None or not formset.is_valid():
            return cleaned
        deleted = [form.instance for form in formset.deleted_forms if form.instance.pk]
        counts = dict(
            EntrantGroup.objects.filter(pk__in=[group.pk for group in deleted])
            .annotate(count=models.Count("entries"))
            .values_list("pk", "count")
        )
        for group in deleted:
            if counts.get(group.pk):
                self.add_error(
                    None,
                    MESSAGES["group_has_entries"]
                    % {"group": group.name, "count": counts[group.pk]},
                )
        return cleaned


def _user_label(user):
    return f"{user.full_name} ({user.email})" if user.full_name else user.email


class RoundAdminForm(WagtailAdminModelForm):
    """The round editor. A prize quota belongs to an entrant group of the round's own contest;
    contests often name their groups alike, so the quota offers only those groups. A new round
    has no contest until it is saved: its quotas list every group with its contest's name, and
    a group of another contest is refused when the round is saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._quota_groups(self.instance.contest_id)

    def _quota_groups(self, contest_id):
        formset = self.formsets.get("quotas")
        if formset is None:
            return
        groups = EntrantGroup.objects.select_related("contest").order_by(
            "contest__title", "sort_order", "pk"
        )
        if contest_id and not self.is_bound:
            groups, label = groups.filter(contest_id=contest_id), str
        else:
            # Bound: accept any group so that one of another contest is named in the error
            # rather than refused as an unknown choice.
            def label(group):
                return f"{group.contest} – {group}"

        base = formset.form

        class QuotaForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                field = self.fields["group"]
                field.queryset = groups
                field.label_from_instance = label

        QuotaForm.__name__ = base.__name__
        formset.form = QuotaForm
        formset.__dict__.pop("forms", None)  # built lazily; rebuild with the limited field

    def clean(self):
        from .errors import MESSAGES

        cleaned = super().clean()
        contest = cleaned.get("contest")
        if contest is not None:
            self._check_bank(contest, cleaned)
        formset = self.formsets.get("quotas")
        if contest is None or formset is None:
            return cleaned
        for form in formset.forms:
            group = form.cleaned_data.get("group") if form.is_valid() else None
            if form.cleaned_data.get("DELETE") or group is None:
                continue
            if group.contest_id != contest.pk:
                form.add_error(
                    "group",
                    MESSAGES["quota_group_other_contest"]
                    % {"group": group.name, "contest": group.contest.title},
                )
        return cleaned

    def _blueprint_lines(self):
        """The blueprint lines being saved, or None when the formset has errors of its own (a
        second line for the same area and difficulty is one: the formset checks uniqueness)."""
        from .services.blueprints import lines_of

        formset = self.formsets.get("blueprint")
        if formset is None:
            return []
        if not formset.is_valid():
            return None
        return lines_of(
            form.instance
            for form in formset.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("area")
        )

    def _check_bank(self, contest, cleaned):
        """A round that has not closed must be one every entrant group can start: the appraised
        bank (rotation applied) fills each blueprint line, otherwise the round is not saved and
        each short line is named (services.bank_shortfalls, behind check_round_bank)."""
        from django.utils import timezone

        from .errors import MESSAGES
        from .models import Round
        from .services import bank_shortfalls

        lines = self._blueprint_lines()
        closes_at, opens_at = cleaned.get("closes_at"), cleaned.get("opens_at")
        if lines is None or closes_at is None or opens_at is None:
            return
        if closes_at <= timezone.now():
            return  # a past round: its attempts were drawn from the bank as it was then
        probe = Round(
            pk=self.instance.pk,
            contest=contest,
            opens_at=opens_at,
            closes_at=closes_at,
            question_count=cleaned.get("question_count") or 0,
            exclude_recent_rounds=cleaned.get("exclude_recent_rounds") or 0,
        )
        shortfalls = bank_shortfalls(probe, lines=lines, groups=list(contest.groups.all()))
        if shortfalls:
            # One error per short line (what check_round_bank says in one sentence).
            self.add_error(None, MESSAGES["bank_cannot_fill"])
            for shortfall in shortfalls:
                self.add_error(None, shortfall.message)


class TruthForm(forms.Form):
    """The true value of a prediction the system cannot count, typed as entrants type theirs."""

    value = forms.CharField(
        label=_("True value"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("A whole number, e.g. 12.500. Kept in the round's history with who set it."),
    )


class QuestionAdminForm(WagtailAdminModelForm):
    """The question editor: the correct choices must fit the kind, and editing an appraised
    question sends it back to draft so answers cannot change after appraisal."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._appraised_snapshot = _question_snapshot(self.instance)

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("choices")
        if formset is None or not formset.is_valid():
            return cleaned
        flags = [
            form.cleaned_data.get("is_correct", False)
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        problem = kind_problem(cleaned.get("kind"), flags)
        if problem:
            self.add_error("kind", KIND_MESSAGES[problem])
        return cleaned

    def save(self, commit=True):
        from . import services

        was_appraised = self.instance.status == self.instance.Status.APPRAISED
        question = super().save(commit=commit)
        if (
            commit
            and was_appraised
            and self._appraised_snapshot is not None
            and _question_snapshot(question) != self._appraised_snapshot
        ):
            services.reopen_question(question, user=getattr(self, "for_user", None))
        return question
