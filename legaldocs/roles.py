from accounts import roles

# Editors keep the register (documents are published by their issuers already, so there is no
# approval step); organizers also delete and manage the list of issuing agencies.
_REGISTER = [
    "legaldocs.view_legaldocument",
    "legaldocs.add_legaldocument",
    "legaldocs.change_legaldocument",
    "legaldocs.view_issuer",
]

ROLE_PERMISSIONS = {
    roles.EDITORS: _REGISTER,
    roles.ORGANIZERS: [
        *_REGISTER,
        "legaldocs.delete_legaldocument",
        "legaldocs.add_issuer",
        "legaldocs.change_issuer",
    ],
}
