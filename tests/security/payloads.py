"""POST data that an admin form would send as rendered: every field with its current value,
every inline formset with its management form. The starting point of the edit tests and of
the fuzzer, which then spoils one field at a time."""

import datetime


def _text(field, value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        formatted = field.widget.format_value(value)
        return formatted if isinstance(formatted, str) else value.isoformat()
    return str(value)


def form_data(form):
    """{name: value or [values]} for `form` and, for a Wagtail/modelcluster form, its formsets."""
    data = {}
    for bound in form:
        value = bound.value()
        widget = bound.field.widget
        if widget.input_type == "file" if hasattr(widget, "input_type") else False:
            continue
        if isinstance(value, bool) or widget.__class__.__name__ == "CheckboxInput":
            if value:
                data[bound.html_name] = "on"
            continue
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [_text(bound.field, item) for item in value]
        else:
            data[bound.html_name] = _text(bound.field, value)
    for formset in getattr(form, "formsets", {}).values():
        data.update(formset_data(formset))
    return data


def formset_data(formset):
    data = {}
    management = formset.management_form
    for bound in management:
        data[bound.html_name] = str(bound.value() if bound.value() is not None else "")
    for child in formset.forms:
        data.update(form_data(child))
    return data
