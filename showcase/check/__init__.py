"""Check: every rule, in one place.  ``gate`` (raw HTML, images, links), ``personal`` (personal
data in every form), ``attachments`` (PDF and Office files), ``bounds`` (structure a renderer
could choke on), ``rules`` (rules over the whole site), ``ownership`` (who may change what), and
``codes``: what each problem code means, for the contributor guide."""
