from django.urls import path

from . import feeds, site_pages, views

app_name = "portal"

urlpatterns = [
    path("tim-kiem/", views.search_view, name="search"),
    path("tin-tuc/rss.xml", feeds.NewsFeed(), name="feed_rss"),
    path("tin-tuc/atom.xml", feeds.AtomNewsFeed(), name="feed_atom"),
    path("tin-tuc/chuyen-muc/<slug:slug>/rss.xml", feeds.NewsFeed(), name="category_feed_rss"),
    path(
        "tin-tuc/chuyen-muc/<slug:slug>/atom.xml", feeds.AtomNewsFeed(), name="category_feed_atom"
    ),
    path("bai-viet/<int:page_id>/pdf/", views.article_pdf_view, name="article_pdf"),
    path("binh-luan/<int:page_id>/", views.comment_view, name="comment"),
    path("tham-do/<int:poll_id>/", views.poll_view, name="poll"),
    path("tham-do/<int:poll_id>/binh-chon/", views.poll_vote_view, name="poll_vote"),
    path("sitemap.xml", views.sitemap_view, name="sitemap"),
    path("so-do-cong/", site_pages.site_map_view, name="site_map"),
    path("rss/", site_pages.feeds_view, name="feeds"),
    path("robots.txt", views.robots_view, name="robots"),
]
