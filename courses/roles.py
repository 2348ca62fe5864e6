from accounts import roles

ROLE_PERMISSIONS = {
    roles.ORGANIZERS: [
        "courses.add_course",
        "courses.change_course",
        "courses.view_course",
        "courses.manage_registrations",
    ],
    roles.COORDINATORS: [],
}
