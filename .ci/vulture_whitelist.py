"""Names vulture cannot see used: read by name at run time, not by a call in the code.

Run by .ci/run as ``vulture src tests docs/hooks .ci/vulture_whitelist.py``. Add a name only
with the reason it is used; anything else vulture reports is dead code, to be removed.
"""

# ruff: noqa
# mypy: ignore-errors
from vulture.whitelist_utils import Whitelist

_ = Whitelist()

# The model's rows and groups are read through the form's row paths (gov_disclosure.form:
# FormRow.path, row_at/lookup), by attribute name.
projects
other_org
prohibited_by_law
security_stability
third_party_rights
internal_affairs
process_information
enforcement_file
administrative_query
not_held
needs_creation
still_unclear
complaint
duplicate
publication
excessive
confirmation
unavailable
not_processed
corrected
litigation_direct

# Python's module __getattr__ (gov_disclosure.__version__, looked up on first use).
__getattr__

# Lark calls a Lexer's lex, and a Transformer's methods by the grammar rule's name.
_.lex
_.paragraph
_.subheading
_.meta_line
_.signature_date

# A pytest fixture, used by its name as a test's parameter.
corpus

# html.parser.HTMLParser's callbacks (tests/test_render.py).
_.handle_starttag
_.handle_endtag
_.handle_data

# python-docx: a run's bold is set by attribute (tests/writers.py).
_.bold

# PEP 562: a package's module-level __dir__ is called by dir(gov_disclosure).
__dir__

# pytest runs autouse fixtures by themselves (tests/conftest.py).
_records_follow_their_schema
