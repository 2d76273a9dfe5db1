"""Generate: every page and data file of the site, in a stable order (the site's pages, then the
bureau's)."""

from __future__ import annotations

from showcase.generate import bureau_pages, editor_schemas, opendata, pages, share
from showcase.generate.page import DataFile, Page
from showcase.load.model import Site


def generate(site: Site, site_url: str = "") -> list[Page]:
    """Every generated page of the site, in a stable order (``site_url``: the public address,
    for the case pages' QR codes)."""
    return [
        pages.home_page(site),
        pages.projects_index(site),
        *[pages.project_page(site, pid) for pid in site.projects],
        pages.schools_index(site),
        *[pages.school_page(site, sid) for sid in site.schools],
        *pages.submission_pages(site, site_url),
        *pages.case_listing_pages(site),
        pages.progress_page(site),
        pages.fields_page(),
        pages.errors_page(),
        pages.search_page(),
        pages.site_map_page(site),
        *bureau_pages.generate(site),
    ]


def data_files(site: Site, site_url: str = "") -> list[DataFile]:
    """Every generated data file of the site, in a stable order (feeds, exports)."""
    return [
        DataFile(
            pages.CASES_FEED, pages.case_feed(site, site.submissions, pages.CASES_FEED, "cases/", "全部材料", site_url)
        ),
        *[
            DataFile(
                f"projects/{p.id}/feed.xml",
                pages.case_feed(
                    site, site.submissions_of(project_id=p.id), f"projects/{p.id}/feed.xml", p.url, p.name, site_url
                ),
            )
            for p in site.projects.values()
        ],
        DataFile("data/cases.json", opendata.cases_json(site)),
        DataFile("data/cases.csv", opendata.cases_csv(site)),
        # JSON Schemas for editors, published beside the committed copies in schema/.
        *[DataFile(f"{editor_schemas.SCHEMA_DIR}/{name}", data) for name, data in editor_schemas.schema_files(site)],
        *bureau_pages.data_files(site, site_url),
        *share.qr_files(site, site_url),
    ]
