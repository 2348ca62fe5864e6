from accounts import roles

# The appraisal team (tổ thẩm định): sees and scores only the units assigned to each member.
APPRAISERS = "Tổ thẩm định"

_SETS = [
    "parindex.view_level",
    "parindex.add_level",
    "parindex.change_level",
    "parindex.view_indexset",
    "parindex.add_indexset",
    "parindex.change_indexset",
    "parindex.view_area",
    "parindex.add_area",
    "parindex.change_area",
    "parindex.delete_area",
    "parindex.view_criterion",
    "parindex.add_criterion",
    "parindex.change_criterion",
    "parindex.delete_criterion",
    "parindex.view_subcriterion",
    "parindex.add_subcriterion",
    "parindex.change_subcriterion",
    "parindex.delete_subcriterion",
    "parindex.view_unitofficer",
    "parindex.add_unitofficer",
    "parindex.change_unitofficer",
    "parindex.delete_unitofficer",
    "parindex.view_appraiserassignment",
    "parindex.add_appraiserassignment",
    "parindex.change_appraiserassignment",
    "parindex.delete_appraiserassignment",
]

ROLE_PERMISSIONS = {
    roles.ORGANIZERS: [*_SETS, "parindex.manage_index", "parindex.appraise"],
    APPRAISERS: ["wagtailadmin.access_admin", "parindex.appraise"],
}
