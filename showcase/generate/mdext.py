"""A python-markdown extension for submission pages: images load lazily and decode off the main
thread, so a case page's first load stays small on a phone however many photos it has."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


class _LazyImages(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for index, image in enumerate(root.iter("img")):
            image.set("decoding", "async")
            if index > 0:  # the first image may be above the fold: keep it eager
                image.set("loading", "lazy")


class LazyImagesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_LazyImages(md), "showcase_lazy_images", 0)


def makeExtension(**kwargs) -> LazyImagesExtension:  # noqa: N802 (python-markdown's hook name)
    return LazyImagesExtension(**kwargs)
