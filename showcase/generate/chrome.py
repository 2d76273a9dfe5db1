"""Generate: what the frame of every page shows around the page itself, as data for the theme's
templates: the footer (who runs the site, from ``site.yml``) and the trail of parent pages that a
detail page's breadcrumb and active tab are drawn from.

The theme reads the footer from ``extra`` of the configuration (the MkDocs adapter sets it at
build time, the export writes it into the exported configuration) and the trail from each
generated page's front matter, so that every engine draws the same frame.
"""

from __future__ import annotations

import re

from showcase.generate.urls import url_of
from showcase.load.model import Site, Submission
from showcase.load.schema import SiteFile

#: The registries the footer's registration numbers link to, as their rules ask: the MIIT's
#: ICP registration system and the Ministry of Public Security's query for a police record number.
#: Plain links: the page requests nothing from them; a reader who clicks opens them.
ICP_REGISTRY = "https://beian.miit.gov.cn/"
POLICE_REGISTRY = "https://beian.mps.gov.cn/#/query/webSearch?code="
#: The site map page (site URL ``sitemap/``; ``sitemap.xml`` beside it is the crawlers'), and
#: the contributor guide: the footer of every page links to both.
SITE_MAP_PAGE = "sitemap.md"
GUIDE_PAGE = "guide/index.md"


def _item(label: str, text: str, href: str = "") -> dict:
    return {"label": label, "text": text, "href": href}


def footer(info: SiteFile) -> dict:
    """The footer's lines: each a list of labelled items, only those the bureau has given (an
    empty value is left out, never filled in), and the copyright line when the host is known."""
    units = [
        *([_item("主办单位", info.host)] if info.host else []),
        *([_item("承办单位", info.operator)] if info.operator else []),
    ]
    contact = [
        *([_item("地址", info.address)] if info.address else []),
        *([_item("邮编", info.postcode)] if info.postcode else []),
        *([_item("电话", info.phone, "tel:" + re.sub(r"转.*$|[^0-9]", "", info.phone))] if info.phone else []),
        *([_item("邮箱", info.email, "mailto:" + info.email)] if info.email else []),
    ]
    records = [
        *([_item("", info.icp, ICP_REGISTRY)] if info.icp else []),
        *([_item("", info.police, POLICE_REGISTRY + re.sub(r"[^0-9]", "", info.police))] if info.police else []),
        *([_item("网站标识码", info.site_code)] if info.site_code else []),
    ]
    return {
        "lines": [line for line in (units, contact, records) if line],
        "copyright": f"版权所有 © {info.host}" if info.host else "",
        "links": [_item("", "网站地图", url_of(SITE_MAP_PAGE)), _item("", "投稿指南", url_of(GUIDE_PAGE))],
    }


def theme_extra(site: Site) -> dict:
    """What the theme's templates read from ``extra`` of the configuration."""
    return {"showcase_demo": site.demo, "showcase_footer": footer(site.info)}


# --- where a page is: its parents, for the breadcrumb and the active tab -----------------------


def section(site: Site, uri: str) -> list[dict]:
    """The top-level section whose page is ``uri`` (``schools/index.md``), titled as the site's
    navigation titles it (one place: the configuration's ``nav``); none if the navigation has
    no such section."""
    for entry in site.nav:
        if entry.uri == uri or any(child.uri == uri for child in entry.children):
            return [{"title": entry.title, "url": url_of(uri)}]
    return []


def school_trail(site: Site) -> list[dict]:
    return section(site, "schools/index.md")


def case_trail(site: Site, submission: Submission) -> list[dict]:
    school = site.schools[submission.school_id]
    return [*school_trail(site), {"title": school.name, "url": school.url}]


def project_trail(site: Site) -> list[dict]:
    return section(site, "projects/index.md")


def listing_trail(site: Site) -> list[dict]:
    """Parents of the all-cases listing's later pages (the first is in the navigation)."""
    return section(site, "cases/index.md")


def news_trail(site: Site) -> list[dict]:
    return section(site, "news/index.md")
