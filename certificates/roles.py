from accounts import roles

ROLE_PERMISSIONS = {
    roles.ORGANIZERS: [
        "certificates.view_certificatetemplate",
        "certificates.add_certificatetemplate",
        "certificates.change_certificatetemplate",
        "certificates.view_certificate",
        "certificates.issue_certificate",
        "certificates.revoke_certificate",
        "certificates.print_certificate",
        "certificates.view_bulkprintjob",
    ],
}
