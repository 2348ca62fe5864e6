from accounts import roles

ROLE_PERMISSIONS = {
    roles.ORGANIZERS: [
        f"contests.{action}_{model}"
        for model in ("question", "contest", "round", "entry")
        for action in ("add", "change", "view", "delete")
        if not (model == "entry" and action in ("add", "delete"))
    ],
}
