"""The random samples drawn from the mutation list since 0.79.10, what each run of them found,
and the draw that reproduces them.

A pass over the whole list takes hours, so it is run in samples, each drawn with
``random.Random(seed).sample`` from the faults that no sample before it had drawn. The samples
live here rather than only in prose so that anyone can check that a sample is the draw it claims
to be (``tests/test_mutation_tool.py`` draws every one again), list the faults no sample has
reached (``python tests/mutation.py --undrawn``), draw the next sample (``--draw SEED N``), list
the drawn faults that no run has reached yet, to hand to the script (``--unrun``), and print the
table that CONTRIBUTING.md shows (``--table``, or ``--write-table`` to put it there). Add a sample
here before its first run, and each run to its sample's ``runs`` when it ends, then write the table:
a mutation run will not start while the two disagree.
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from typing import NamedTuple


class Run(NamedTuple):
    """One run of a sample's next ``faults`` faults, in draw order."""

    reported_in: str
    """The release whose changelog reports the run."""
    faults: int
    killed: int
    mutant_minutes: int
    """The faults' own test runs, rounded to the minute."""
    wall_minutes: int | None
    """With the unchanged runs before and after, where the run noted it."""
    note: str = ""


class Sample(NamedTuple):
    seed: int
    drawn_at: str
    """The release whose code and list the draw was made from."""
    ids: tuple[str, ...]
    """In draw order, the order the runs take them in."""
    runs: tuple[Run, ...]


DROPPED = {"v-stray-linked-hidden": "v-stray-linked-meetings",
           "r-error-key-ignored": "r-check-meeting-errors-left-in-file"}
"""Faults taken off the list after a sample drew them, each with the fault it followed: the draws
made before it went were made from a list that still held it."""

EXCLUDED = (
    (76, frozenset({"n-accents", "n-arabic-forms", "e-hint-spelling-accents",
                    "e-hint-spelling-punctuation", "cli-stats-unfiltered"})),
)
"""Faults kept out of every draw from a seed on. These five had gone stale and stopped the sample
of seed 75; re-pointed at 0.79.16, all were run then and killed, so no later draw takes them."""

ADDED = {"m-meeting-id-long": 91, "d-counts-first-year-left-out": 92, "y-bom-called-control": 93,
         "v-gc-left-off": 94, "c-github-hint-dropped": 95, "d-write-reports-nothing": 96,
         "na-ranked-exact-last": 97, "t-meetings-city-basis-dropped": 98,
         "m-occasion-any-event": 99, "r-summary-replaced-by-dropped": 100,
         "c-records-root-cwd": 101, "dy-len-counts-people": 102,
         "p-dump-sorts-keys": 103, "df-to-dict-removed-dropped": 104,
         "er-line-is-column": 105, "x-jsonld-city-dropped": 106,
         "x-datapackage-csv-guarded": 107, "v-tree-display-ignored": 108,
         "t-rebuild-date-note-dropped": 109, "v-fast-unreadable-uncounted": 110,
         "r-event-year-basis-alone": 111, "y-sexagesimal-accepted": 112,
         "c-command-optional": 113, "ds-load-key-unresolved": 114,
         "y-mark-needs-single-quote": 115, "x-jsonld-job-title-dropped": 116,
         "x-jsonld-event-status-dropped": 117, "y-vouch-list-items-trusted": 118,
         "rl-empty-note-dropped": 119, "sc-extra-fields-first-only": 120,
         "g-link-to-folder-followed": 121, "y-depth-ends-uncounted": 122,
         "p-timeline-figure-left-open": 123, "f-header-trailing-blank-kept": 124,
         "cf-cache-env-ignored": 125, "ca-entry-mtime-as-ctime": 126,
         "r-repeat-earlier-unnamed": 127}
"""Faults put on the list after draws began, each addition by the first of its faults and the
first seed whose draw could take them. Each addition is appended to the end of the list, so it
runs from its first fault up to the next addition's: a draw with an earlier seed was made from
the list without them, and drawn again must leave them out."""


def side_by_side(minutes: int, before: int, *after: int, then: str = "") -> str:
    """The note of a ``--jobs 2`` run that timed its unchanged runs: one sentence, so that every
    such row of the table reads alike and a run records only its numbers (``then``: what else the
    row must say, after a semicolon)."""
    return (f"`--jobs 2`: the faults' runs took about {minutes} minutes of wall clock side by side, "
            f"the unchanged runs {before} s before and {' and '.join(map(str, after))} s after"
            + (f"; {then}" if then else ""))


SAMPLES = (
    Sample(74, "0.79.10", (
        'sh-records-columns', 'n-near-title-only-when-whole-misses', 'g-absolute-unchecked',
        'r-withheld-written-cached', 'cli-broken-pipe-unhandled', 'r-withheld-missing',
        's-type-words', 'n-future-boundary', 'v-meetings-not-folder-message', 'cli-no-final-flush',
        'e-hint-code-outside-terms', 'x-jsonld-country-name', 'n-near-title-starts-two-words',
        'r-suggest-names', 'e-hint-withdrawn-language', 's-missing-field-path', 'r-refused-prefix',
        'r-suggest-meetings', 'n-spaced-fallback', 'dis-kept-int', 'r-source-before-boundary',
        'n-near-title-leaves-two-words', 'y-flow-screen', 'n-id-length', 's-schema-missing',
    ), (Run("0.79.11", 25, 25, 25, None),)),
    Sample(75, "0.79.15", (
        'r-direction-only-for-a-dyad', 'sh-date-sorts', 'e-hint-spelling-accents',
        'y-second-document-marker', 'y-underscore-start', 'dy-month-last', 'm-url-spaces',
        'd-lookup-not-text', 'fm-header-blank', 'v-misnamed-meetings', 'c-size', 'c-find-no-match',
        'n-named-titles', 'c-schema-dir-ignored', 'new-year-not-folder',
        'dis-table-readings-position', 'n-spaced-exact', 'n-topic-label', 'r-date-before-scope',
        'd-filter-visit', 'n-taken-meanwhile', 'w-status-set', 'd-filter-session-from-one',
        'cf-fingerprint-misses-isocodes', 'g-changed-since-check', 'b-unwritable-cache',
        'g-release-v', 't-date-nan', 'r-withheld-meetings-cached', 'n-shared-letters-at-most',
        'dis-kept-reading', 'e-fields-at-index', 'b-bundle-name-without-code', 'r-unique-ids',
        'c-stat-missing-raises', 'd-summary-disputed-facts', 'c-find-office-no-meeting',
        'y-mark-kept', 'v-cold-not-remembered', 'n-named-no-words',
    ), (Run("0.79.16", 40, 39, 48, None,
            "`c-size` survived, and a test added in 0.79.16 kills it; the minutes count 45 runs"
            " (`c-size` twice, and the four re-pointed faults that the draw had not taken)"),)),
    Sample(76, "0.79.16", (
        'f-comment-line-start', 'n-near-title-front-first', 'r-replacement-cycle',
        'c-display-links', 'v-misnamed-root', 'cf-cache-dir-xdg', 't-host-country-party-only',
        'c-find-office', 'r-refused-parent', 'v-meetings-hidden-folders',
        'r-direction-call-has-no-place', 'r-place-direction-first', 'ds-named-hint-cut',
        'c-registries-clean', 'x-stdout-sqlite-words', 'v-meetings-hidden-files', 'n-acronym',
        'cli-named-pipe', 'd-filter-host', 'y-vouch-newline', 'r-curation-pair-oneway',
        't-country-name-code', 'r-same-page-fragment', 'c-find-organizations', 'cli-named-dangling',
        'd-filter-mapping-one-value', 'n-near-spaced-long-edge', 'd-filter-start',
        'y-mark-backslash', 'e-hint-demonyms', 's-format-checker', 'cli-missing-target',
        'n-near-closest-first', 'p-merge', 'v-misnamed-hidden', 'v-spawn-package-main-reruns',
        'v-fork-beside-threads', 'd-office-filter-applied', 'r-dup-meeting-withdrawn',
        'r-latest-before-earliest',
    ), (Run("0.79.17", 40, 40, 41, 50),)),
    Sample(77, "0.79.17", (
        'r-stand-in-passed-first', 'y-utf32-before-utf16', 'pl-undated', 'n-named-titles-known',
        'p-key-loc', 't-session-number-lost', 'v-meetings-not-folder', 'd-summary-named-acting-for',
        'c-find-topic-hint', 'e-describe-bool', 'cli-session-passed-on', 'r-id-date',
        'v-misnamed-message', 'f-new-keys', 'd-filter-session-no-bool', 'g-release-parent',
        'v-stray-registries', 'd-unknown-visits-in-order', 'r-direction-host', 'n-future',
        'd-freeze-lists', 'b-stray-hash-bytes', 't-phone-one-way', 'cli-fmt-check-exit',
        'r-withheld-unreadable', 'd-summary-disputed-meetings', 's-show-withdrawal-first',
        'c-release-notes-removed', 'n-near-worst-word', 'b-stray-hash', 'c-digest',
        'p-tags-possible', 'ds-pickle-visits', 'cli-filter-one-value-unwrapped',
        'v-spawn-whatever-main', 'p-depth-events', 'cli-interrupt-code', 'n-no-letters',
        'y-no-hard-links', 'v-threads-python-only',
    ), (Run("0.79.18", 21, 21, 41, None), Run("0.79.19", 19, 19, 21, None))),
    Sample(78, "0.79.19", (
        'v-stray-linked-meetings', 'n-handle', 'y-linked-temporary-kept',
        'cli-folder-meeting-names', 'r-withdrawn-on-future', 'y-underscore-exponent', 'pr-erase',
        'n-near-title-name-starts', 'v-stray-linked-hidden', 'sh-unknown-city-is-missing',
        'm-other-spaces-at-edges', 'r-office-end-boundary', 'r-withheld-refused-entries',
        'y-write-through-link', 'm-language-any-letters', 'r-place-dyad-was-a-visit',
        'r-visit-year-only', 'cli-filters-from-signature', 'r-derived-year-note',
        'r-direction-third-country-hint', 'y-second-document-after-first', 'y-mark-single-quote',
        'v-listing-passed', 'n-gulf-only', 'n-variants', 'd-whole-files', 'cli-host-any-case',
        'v-undecodable-message', 'pr-terminal-only', 'c-released-default',
        'v-spawn-script-not-rerun', 'n-spaced-every-word', 'cli-schema-exit', 'r-year-folder-len',
        't-third-location', 'cli-export-filtered', 'r-stand-in-kept', 'w-circle-followed',
        'c-save-unguarded', 'dy-period-end-first',
    ), (Run("0.79.20", 20, 19, 23, None,
            "`v-stray-linked-hidden` survived, rightly: it removed a check that had become"
            " redundant, and both were dropped"),
        Run("0.79.21", 20, 20, 32, 39))),
    Sample(79, "0.79.21", (
        'p-quoted-tag', 'r-withheld-meetings', 'x-sqlite-folder', 'e-sqlite-own-internal-tables',
        'g-path-unchecked', 'v-registry-not-list', 's-drift-content', 'n-near-spaced-fallback',
        'y-tab-after-lone-cr', 'cli-empty-paths', 'fm-registry-list', 'y-vouch-equals',
        'n-whole-words', 'r-future-curation', 's-show-session-number', 'd-own-copy',
        'n-near-spaced-short-edge', 'e-empty-path', 'd-spellings-every-meeting', 'c-release-number',
        'cli-full-output-kept', 'r-withheld-entry', 'd-filter-list-each-checked',
        'd-find-offices-country-words', 'c-summary-fingerprint-without-code', 'c-fmt-not-a-tree',
        'r-visit-before', 'd-office-every-word', 'c-schema-print-default', 'ds-named-near',
        'x-sqlite-in-place', 'e-range-words', 'r-place-host-and-place-agree',
        'dis-resolve-model-fields', 'd-office-any-of-a-list', 'd-summary-withdrawn',
        'r-variant-repeats-name', 'sh-disputed-others', 'y-document-start-after-lone-cr',
        'ds-visit-inherited',
    ), (Run("0.79.22", 20, 20, 30, 39), Run("0.79.24", 20, 20, 20, 29))),
    Sample(80, "0.79.24", (
        'g-release-current', 'r-withheld-cached', 'e-sqlite-replaces-anything',
        'cli-stats-header-whole', 'g-changed-link', 'c-release-day', 'ds-filter-day',
        'n-slug-final-newline', 'r-withheld-written-tree', 'r-withheld-workers',
        'r-replaced-dangling', 'r-same-page-unused', 'cli-find-offices-exit',
        'cli-words-kept-as-surrogates', 'r-stand-in-acronym', 's-pattern-end',
        'y-end-clamp-positions', 'y-begins-colon', 'n-hint-without-name', 'g-quoted-names',
        'b-hash-path', 'dc-as-a-set', 'r-cycle-once', 'r-office-start-boundary',
        'g-link-kept-as-link', 'x-sqlite-empty', 'c-find-echo-whole', 'p-depth-rescan-composer',
        'v-sorted-errors', 'e-missing-at-field', 'r-name-hints-cites', 'c-new-country-hint',
        'b-damaged-cache', 'x-countries-created-late', 'm-integral-float',
        'er-invalid-data-listing', 'c-workflow-property', 'y-temporary-keeps-mode', 'n-not-text',
        'd-attach-shared',
    ), (Run("0.79.25", 40, 39, 63, 72,
            "`e-missing-at-field` is not killed: it is listed as equivalent"),)),
    Sample(81, "0.79.25", (
        'r-visit-window-latest', 'm-frozen-iadd', 'r-stand-in-name', 't-countries-of-withdrawn',
        'c-release-number-leading-zero', 'd-filter-any-of-a-list', 'c-release-notes-going-back',
        'r-no-repeats-first', 'sh-session-number', 'n-slug-check', 'pl-folder',
        'd-office-refuses-unheld-words', 'cli-stats-disputed-none', 'n-named-known-words-three',
        'r-id-filename', 'ds-named-topic', 'ds-named-hint-many', 'sh-active-only', 'y-link-reason',
        'pl-position-middle', 'n-near-quick-bound', 'd-find-offices-country-kept',
        'cli-github-escape', 'n-near-title-front-only', 'df-added-skipped', 's-format-words',
        'e-hint-letter-case', 'dis-resolve-index-bound', 'c-find-spellings', 'd-spellings-variants',
        't-countries-location-key', 'm-edtf-stated', 'sh-unknown-visit-is-missing',
        'r-withheld-lookup', 'ci-bibtex-key', 'c-oserror-traceback', 'w-replacement-must-exist',
        'y-new-by-link', 'df-outside-message', 'd-summary-person-order',
    ), (Run("0.79.26", 40, 40, 54, 64),)),
    Sample(82, "0.79.26", (
        'b-invalid', 't-event-codes-unordered', 'y-lines-counted-at-lf-only', 'r-refused-known',
        'v-jsonschema-then-model', 'm-edtf-window', 'dis-text-hint-date', 'n-exact-first',
        't-clean-int', 'f-changed-and-withdrawn', 'c-release-notes-text-order',
        'e-iso-subset-described', 'r-duplicate-hint-names-the-twin', 'c-racy-hash-fallback',
        'd-missing-document', 'r-stand-in-variants', 'dy-got-in-calendar', 'v-given-alone-counts',
        'cli-docs-exit', 'x-sqlite-no-check', 'x-integrity-typed', 'cli-stats-participant-name',
        'cli-tree-of-link', 'v-records-tree-inside', 'r-direction-side', 'x-csv-safe',
        'x-sql-text-unquoted', 'v-jsonschema-record-id', 'r-source-before-note', 'v-stray-hidden',
        'cli-empty-revision', 'r-stand-in-id-checked', 'd-iso-text', 'c-release-notes-date-alone',
        'new-dangling-file', 'e-sqlite-folder-export', 'd-sealed', 'v-registry-dangling',
        'r-refused-dangling', 'sh-formula-safe',
    ), (Run("0.79.27", 20, 20, 35, 44), Run("0.79.28", 20, 20, 22, 31))),
    Sample(83, "0.79.28", (
        'n-unmatched-edge', 'n-spaced-whole-runs', 'c-fingerprint-reset', 'b-unreadable-hash',
        'dc-unknown-name', 'y-float-leaf', 'y-ascii-shortcut', 'v-stray-cached', 'er-hint-shown',
        'res-bundle', 'cli-empty-output', 'x-several-to-stdout', 'y-fast-characters',
        'e-hint-country-by-likeness', 'v-registry-change-fallback', 'c-cache-key-bytes',
        'v-report-only-links', 'cli-session-from-one', 'x-clobber-before-moving',
        'n-named-known-words-few', 'v-stray-linked-message', 'x-culprit-at-ends',
        's-type-and-enum-twice', 'y-anchor-screen', 'f-earlier-rules', 'r-org-parent',
        'n-near-title-words-capped', 'v-undecodable-only-meetings', 'e-sqlite-empty-file',
        'v-copy-samefile', 'er-field-path-index', 'd-country-words-one-word', 'd-get-not-text',
        'cli-list-exit-none', 'r-variants-checked', 'dis-overlap-boundary', 'p-empty-output',
        'r-direction-call-place-field', 't-events-withdrawn', 'r-same-page-ipv6',
    ), (Run("0.79.29", 40, 40, 52, 61),)),
    Sample(84, "0.79.29", (
        's-write-folder', 'y-value-key', 'd-filter-host-any-country', 'r-future-boundary',
        'dis-table-reading-note', 'm-list-fields-annotated', 'ds-named-hint',
        's-show-ordinal-teens', 'v-copy-same-folder', 'ds-filter-country-hint',
        'res-packaged-first', 'cli-named-unread', 'cli-shown-filters-quoted',
        'n-near-spelling-bound-edge', 'c-release-notes-same-version', 'r-name-hints-workers',
        'm-control-in-text', 'd-find-offices-country-alone', 'd-filter-end', 'b-hash-skips-missing',
        'c-schema-name-ignored', 'v-copy-beside', 'c-ctime', 'd-filter-any-iterable',
        'v-file-in-tree-resolves', 'cli-folder-hidden-folders', 'n-date-before-scope',
        's-text-length-words', 'd-filter-empty-list', 'c-find-person-no-meeting', 'r-dyad-set',
        't-withdrawal-rebuild', 'cf-tilde-folder', 's-show-basis-words', 'n-near-no-words',
        'x-self-ref-last', 'v-copied-file-not-a-meeting', 'r-visit-window-year',
        'ci-unknown-format-quiet', 's-innermost-null',
    ), (Run("0.79.30", 40, 40, 54, 63),)),
    Sample(85, "0.79.30", (
        't-child-order', 'n-near-title-people-only', 'e-iso-list-listed',
        'd-office-meetings-country', 'y-mark-key-kept', 'r-derived-date-note', 't-video-as-phone',
        'v-changed-drops-rules', 'x-empty-output', 'w-comments-refused', 'w-already-withdrawn',
        'sh-participant-country', 'c-meetings-folder-itself', 'r-date-first-year-in',
        'dis-kept-null', 'd-spellings-none', 'c-find-topics', 'm-frozen-reduce',
        'd-filter-str-subclass', 'v-fast-invalid-dropped', 'w-date-checked', 'd-spellings-script',
        'v-records-tree-here', 'r-visit-slack', 'e-sqlite-not-a-database', 'd-load-empty',
        'r-visit-no-such-month', 'cli-target-link', 'c-racy-clean-mtime-only',
        'r-earliest-truncate', 'e-csv-quoting', 'dc-open-at-end', 'y-not-regular',
        'cli-stats-named-in-header', 'diff-empty-spec', 'm-country-any-capitals',
        's-show-registry-names', 'd-filter-collection', 'cli-docs-root', 'w-chain-only-read',
    ), (Run("0.79.31", 20, 20, 28, 38), Run("0.79.33", 20, 20, 38, 48))),
    Sample(86, "0.79.33", (
        'd-unknown-term', 't-countries-of-offices', 'b-one-listing', 'r-dup-meeting-persons',
        'y-kind-of-file', 'dis-reading-source-cited', 'r-same-page-default-port',
        'n-named-next-pass', 'c-folder-of-meetings', 'r-withheld-written-unreadable',
        'c-racy-clean', 'r-parent-cycle', 'y-mark-own-character', 'cli-empty-records',
        'e-path-type', 'r-first-day-basis', 'n-near-runs-not-words', 'g-untracked',
        'e-literal-hint', 'r-refused-registry-entries', 'y-yaml11-line-breaks',
        'r-session-number-any-kind', 'v-misnamed-lookahead', 'pl-refuse-unknown',
        'g-archive-failure-ignored', 'm-list-fields-optional', 'cli-folder-link',
        'y-vouch-datetime', 'd-provenance-open-cities', 'd-sealed-delete', 'fm-comment-in-scalar',
        'd-load-stale-by-folder', 'r-withheld-written-id', 'y-make-folders-held',
        'n-unmatched-start', 'n-named-whole', 'e-closest-cutoff', 'e-describe-text-type',
        'f-removed', 's-show-no-city-named',
    ), (Run("0.79.34", 20, 20, 27, 36), Run("0.79.37", 20, 20, 64, 80))),
    Sample(87, "0.79.36", (
        'ci-ris-date', 'x-clobber-file', 'd-filter-session', 'g-link-to-folder', 'r-stand-in-label',
        'cli-fmt-once', 'd-filter-session-no-text', 'cli-whole-tree', 'n-slug-empty', 'dc-markers',
        'r-office-order', 'r-stand-in-first', 'e-hint-short-names', 'p-dup-key',
        'r-withdrawn-on-checked', 's-show-url-whole', 'c-faulty', 'ds-contains-active',
        'r-name-hints', 'df-dated-heading', 'b-checksum', 'y-folder-dangling', 'y-merge-key',
        'dis-show-numbers', 'n-no-words-echo-whole', 'x-culprit-space-named', 'c-stdout-locale',
        'dis-registry-any-item', 'r-same-page-shortcut-fragment', 'cli-whole-narrowed',
        'n-unmatched-spaced', 'r-derived-city-note', 'm-freeze-nested',
        'v-undecodable-encoding-named', 'er-pickle-hint', 'r-withdrawn-on-before-added', 'p-anchor',
        'y-column-after-lone-cr', 'v-not-read-registries', 'dis-overlap-not-a-date',
    ), (Run("0.79.38", 10, 10, 40, 56), Run("0.79.41", 20, 20, 54, 73), Run("0.80.2", 10, 10, 31, 56))),
    Sample(88, "0.80.2", (
        'dy-strict', 'n-session-number-offered', 'ds-pickle-withdrawn', 'n-no-overwrite',
        'm-invisible-in-text', 'r-office-other-country', 'm-freeze-only-lists',
        's-show-derived-year', 'cli-list-country-case', 'dis-kept-window', 'g-release-numbers',
        'cli-list-text-line', 'y-folder-file', 'p-depth-root', 'm-edtf-month', 'c-format',
        'cli-list-json-defaults', 'd-office-hint', 'r-direction-neither', 'v-registry-not-a-file',
        'c-summary-unstatable', 'r-withheld-registry', 'pl-format-by-extension',
        'cli-list-drop-filter', 'r-withheld-meetings-tree', 'r-place-not-for-calls', 'v-stray-full',
        'v-pool-never', 'w-header-kept', 'cli-shown-filters-repeated',
        'd-office-meetings-active-only', 'y-leading-zero', 'fm-check-writes', 'c-stdout-folder',
        'n-named-people-first', 't-visit-direction', 'dis-reading-source-none',
        'cli-stats-json-unmarked', 'cli-stats-participant-top', 'pl-month-end',
    ), (Run("0.80.3", 10, 10, 55, 47,
            "`--jobs 2`: the minutes add up the faults' runs, which took 28 minutes of wall clock side by side"),
        Run("0.82.0", 10, 10, 21, 22, side_by_side(15, 228, 215, 209)),
        Run("0.82.1", 10, 10, 17, 21, side_by_side(13, 208, 213, 214)),
        Run("0.82.2", 10, 10, 17, 21, side_by_side(14, 233, 225, 218)))),
    Sample(89, "0.82.3", (
        'cf-cache-dir-home', 'c-new-day', 't-country-name', 'cli-stdout-closed', 'y-bom-screen',
        'c-stdout-escape', 'r-direction-side-other-country', 'v-wanted-listed', 'ds-visit-known',
        'cli-fmt-named-unreadable', 'dis-repeats-nested', 'y-other-encodings', 'g-no-git',
        'f-withdrawn-again', 'v-changed-link', 'r-direction-visit-names-visitor',
        'cli-reason-not-words', 'c-find-json-ascii', 'y-make-folders-which', 'r-visiting-country',
        'p-key-type', 'y-temporary-mode', 'd-lookup-hint', 'r-variant-repeats-variant',
        'd-filter-person', 'r-withheld-not-a-list', 'c-workflow-cr', 'y-begins-newline',
        'n-near-title-behind-never-a-name', 'w-refuses-self-replacement', 'n-near-length-bound',
        'dy-calendar', 'ds-start-after-end', 'd-summary-disputed-field',
        'cli-stats-whole-withdrawn', 'dis-kept-spellings', 'sh-occasion', 'r-dup-meeting-kind',
        'x-datapackage-no-enum', 'r-name-hints-cached',
    ), (Run("0.82.5", 10, 10, 22, 24, side_by_side(12, 214, 240, 250)),
        Run("0.82.6", 10, 10, 31, 27, side_by_side(16, 243, 223, 245)),
        Run("0.82.7", 10, 10, 27, 27, side_by_side(15, 239, 246, 241)),
        Run("0.82.8", 10, 10, 18, 25, side_by_side(13, 228, 244, 287)))),
    Sample(90, "0.82.9", (
        'c-fmt-folder-of-meetings', 'c-damaged', 'r-stand-in-workers', 'c-new-country-any-case',
        'dc-stray-end', 'cli-list-period', 'df-from-the-root', 'r-same-page-bracket',
        'ds-contains-id', 'c-find-near-hint', 'dy-year-last', 'n-near-title-dropped',
        's-extra-hint', 'd-office-filter-country', 'x-culprit-counted-from-one',
        'y-end-clamp-errors', 'y-character-check', 'x-json-locale', 'r-on-behalf-of',
        'x-clobber-foreign', 'cli-words-any-bytes', 'cli-broken-pipe-stdout-only',
        'dis-field-unresolved', 't-format-null', 'y-atomic-cleanup', 'cli-trees-by-resolved',
        'r-visit-after', 'v-undecodable-listed', 's-enum-country-hint', 'x-integrity-check-reason',
        'r-place-points-at-host', 'y-error-target', 'c-empty-folder-of-meetings',
    ), (Run("0.82.10", 11, 11, 33, 29, side_by_side(17, 216, 256, 249)),
        Run("0.82.11", 11, 11, 25, 25, side_by_side(13, 230, 251, 258)),
        Run("0.82.12", 11, 11, 17, 23, side_by_side(11, 241, 245, 227)))),
    Sample(91, "0.82.13", (
        'm-handle-hyphen-first', 'm-unknown-fields-ignored', 'i-dir-everything',
        'm-three-countries', 'm-kept-may-be-left-out', 'm-published-may-be-left-out', 'm-url-http',
        'm-url-long', 'm-no-participant', 'm-empty-format', 'm-no-source', 'm-status-draft',
        'm-name-long', 'm-field-path-any', 'm-wikidata-leading-zero', 'm-one-line-breaks',
        'm-year-any', 'm-person-id-long', 'm-participant-any-country', 'm-one-reading',
        'm-lax-types', 'm-visit-year-digit-slug', 'm-text-long', 'i-unknown-attribute-none',
        'm-topic-id-hyphens', 'm-url-dotless-host', 'm-person-no-office', 'm-entity-id-digit-first',
        'm-ordinal-zero', 'm-visiting-any-country', 'm-title-long', 'm-meeting-id-long',
    ), (Run("0.82.14", 11, 8, 41, 35, side_by_side(21, 265, 265, 262, then=(
            "`m-handle-hyphen-first`, `m-url-long` and `m-empty-format` survived, and tests added in "
            "0.82.14 kill them"))),
        Run("0.82.15", 10, 10, 29, 29, side_by_side(15, 340, 244, 272, then=(
            "the minutes count 13 runs: the three survivors of 0.82.14 again, all killed by the tests "
            "added then"))),
        Run("0.82.18", 11, 11, 5, 14, side_by_side(3, 226, 205, 221)))),
    Sample(92, "0.82.19", (
        'x-datapackage-self-reference-named', 'x-arrow-all-nullable', 'er-record-id-any-type',
        'x-require-names-module-as-extra', 'd-find-topics-in-people', 'd-to-dict-defaults-written',
        'd-disagreements-meetings-plural', 'd-counts-kind-underscores', 'x-pandas-integers-as-floats',
        'd-counts-withdrawn-as-active', 'w-files-any-name', 'd-counts-total-of-last-year',
        'ci-cff-one-keyword', 'ci-zenodo-no-creators', 'd-event-codes-mode-column',
        'd-counts-first-year-left-out', 'er-to-dict-no-record-id', 'd-modules-last-sentence',
        'd-render-keeps-old-lines', 'x-formula-tab-and-return', 'd-counts-first-country-left-out',
        'x-datapackage-primary-key-cut', 'ci-zenodo-description-title', 'd-to-dict-withdrawn-always',
    ), (Run("0.82.20", 12, 3, 78, 55, side_by_side(43, 211, 278, 263, then=(
            "nine survived (three in the README's count table, one in the datasheet's count of disagreements, "
            "the Data Package's self-reference, the pandas and Arrow types, an error's record id and the "
            "withdrawal tool's list of files), and tests added in 0.82.20 kill them; those tests were checked "
            "by hand on the same two cores meanwhile, so the minutes are longer than the faults alone took"))),
        Run("0.82.21", 12, 12, 62, 47, side_by_side(35, 292, 213, 229, then=(
            "the minutes count 21 runs: the nine survivors of 0.82.20 again, all killed by the tests added "
            "then; the first faults of `docs.py` and `cite.py`, and one that started before its module's "
            "killer was recorded (fixed in 0.82.22), ran most of the suite (440 to 500 s each) before the "
            "file that killed them"))))),
    Sample(93, "0.82.23", (
        'c-diff-changed-without-fields', 's-field-docstring-uncleaned', 'er-hint-dropped',
        'y-double-quoted-digits-unmarked', 'v-pool-last-chunk-dropped', 'y-locate-from-the-root',
        's-as-json-lists-kept', 's-generator-title-kept', 'y-tab-indent-column-one', 'y-bom-called-control',
        'c-diff-removed-passes', 'p-syntax-context-always',
    ), (Run("0.82.24", 12, 9, 28, 21, side_by_side(14, 127, 135, 130, then=(
            "three survived (the column of a tab after spaces, a syntax error's start repeated where the "
            "problem lies, field descriptions left indented), and tests added in 0.82.24 kill them; "
            "`s-generator-title-kept` was killed only by the mutation tool's own test, whose stand-in "
            "fault writes a title, and the schema test of 0.82.24 now holds the titles"))),)),
    Sample(94, "0.82.25", (
        'ex-text-length-of-described', 'v-fast-registry-invalid-raises', 'v-locator-summary-id-lost',
        'c-show-json-first-only', 'sh-organization-acronym-twice', 'c-withdraw-refusal-exits-ok', 'v-gc-left-off',
        'pr-last-step-unshown', 'ru-truncate-month-to-year', 'ex-spellings-without-more',
        'w-option-pattern-words-dropped', 'p-multiline-folded',
    ), (Run("0.82.25", 12, 10, 28, 22, side_by_side(16, 125, 131, 128, then=(
            "the minutes count 15 runs: the three survivors of seed 93 again, killed by the tests of 0.82.24 "
            "in 128 s together; two survived (a text of several lines written folded, which reads back the "
            "same, and a body's acronym repeated after a name that holds it), and tests added in 0.82.25 "
            "kill them"))),)),
    Sample(95, "0.82.26", (
        'r-texts-at-first-item-only', 't-readings-position-from-one', 'r-error-key-ignored', 'v-read-not-counted',
        'p-sequence-items-at-parent', 'c-github-hint-dropped', 'c-github-title-code-only',
        'y-read-file-display-ignored', 'v-keep-topics-from-organizations', 'r-check-meeting-errors-left-in-file',
        'y-vouch-keys-unchecked', 'v-text-name-any',
    ), (Run("0.82.26", 12, 10, 20, 18, side_by_side(11, 126, 133, 134, then=(
            "the minutes count 14 runs: the two survivors of seed 94 again, killed by the tests of 0.82.25 "
            "in 297 s together; `r-error-key-ignored` survived, rightly: no caller passed `key` to "
            "`Rules.error`, and the parameter was dropped with the fault; `t-readings-position-from-one` "
            "survived, and a test added in 0.82.26 kills it"))),)),
    Sample(96, "0.82.27", (
        'c-drop-keeps-stream', 'v-records-tree-meetings-only', 'n-refuse-unless-lets-through',
        'ci-cff-abstract-unwrapped', 'd-modules-no-header', 'c-period-unchecked', 'ci-zenodo-version-pinned',
        'd-write-reports-nothing', 'y-atomic-bytes-as-text', 'ds-find-organizations-in-people',
        's-docstrings-of-meeting', 'e-count-bounds-swapped',
    ), (Run("0.82.27", 12, 9, 21, 18, side_by_side(13, 127, 123, 133, then=(
            "the minutes count 13 runs: `t-readings-position-from-one` again, killed by the test of 0.82.26 "
            "in 34 s; the three survivors (what `docs --write` reports, the code map's header, the "
            "citation file's line width) are killed by tests added in 0.82.27"))),)),
    Sample(97, "0.82.28", (
        'ex-spreadsheet-formula-kept', 'ca-digest-vanished-raises', 'g-commit-of-any-object', 'na-ranked-exact-last',
        'c-path-unchecked', 'g-toplevel-outside-repository', 'e-quoted-uncut', 'ca-fingerprint-first-module-only',
        'm-person-record-unloaded-none', 'na-shape-single-words', 'd-stale-first-only', 'ci-year-cut',
    ), (Run("0.82.28", 12, 9, 28, 21, side_by_side(17, 133, 134, 134, then=(
            "the minutes count 15 runs: the three survivors of seed 96 again, killed by the tests of 0.82.27; "
            "two faults of `docs.py` that only test_versions.py killed ran most of the suite first (221 and "
            "227 s), so since 0.82.28 a fault of `docs.py` or `cite.py` starts with both files; the three "
            "survivors (a tree taken for a commit, a file that vanishes before its hash, the fingerprint of "
            "one module) are killed by tests added in 0.82.28"))),)),
    Sample(98, "0.82.29", (
        'na-runs-longest-first', 'p-fail-field-dropped', 't-meetings-city-basis-dropped', 'y-reads-back-special-words',
        'y-plain-ascii-unchecked', 'e-expected-type-raw', 'c-cite-format-ignored', 't-all-active-only',
        'e-first-few-no-ellipsis', 't-children-first-only', 'r-reference-no-suggestion', 'w-file-of-hint-dropped',
    ), (Run("0.82.29", 12, 11, 18, 17, side_by_side(12, 134, 132, 135, then=(
            "the minutes count 17 runs: the three survivors of seed 97 again, killed by the tests of 0.82.28, "
            "and the two `docs.py` faults that took 221 and 227 s at 0.82.28, killed in 20 and 18 s now that "
            "they start with test_versions.py too; `w-file-of-hint-dropped` was killed by test_withdraw.py, "
            "the last file of all, after 242 s, so since 0.82.29 a fault starts with its module's own test "
            "file; `c-cite-format-ignored` survived, and a test added in 0.82.29 kills it"))),)),
    Sample(99, "0.82.30", (
        'sh-words-underscores-kept', 's-schema-id-unversioned', 'p-within-no-clamp', 'dg-field-keeps-index',
        'dy-to-json-indent-ignored', 'm-frozen-list-sorts', 'df-empty-ignores-removed', 'm-occasion-any-event',
        't-country-key-name', 'sh-country-code-only', 'ca-clean-any-entry', 'p-check-tag-long-form',
    ), (Run("0.82.30", 12, 10, 18, 16, side_by_side(11, 130, 135, 129, then=(
            "the minutes count 14 runs: `c-cite-format-ignored` again, killed by the test of 0.82.29 in 212 s "
            "(its module's own file, test_cli.py, does not hold that test), and `w-file-of-hint-dropped` "
            "again, killed in 7 s where it took 242 s, now that a fault starts with its module's own test "
            "file; the two faults of `show.py` were killed in 2 s each; the two survivors (`to_json`'s indent, "
            "a diff of removals alone called empty) are killed by tests added in 0.82.30"))),)),
    Sample(100, "0.82.31", (
        'er-location-no-column', 'dy-repr-people-count', 'v-ok-despite-warnings', 'n-scaffold-participants-both-aze',
        'dy-setattr-after-sealing', 'x-rows-as-dicts-raw-cells', 'dy-rebuild-visits-lost', 'er-rebuild-severity-lost',
        'r-summary-replaced-by-dropped', 'p-writer-indentless-lists', 'er-not-found-repr', 'na-name-of-topic-id',
    ), (Run("0.82.31", 12, 9, 17, 16, side_by_side(11, 130, 132, 127, then=(
            "the minutes count 14 runs: the two survivors of seed 99 again, killed by the tests of 0.82.30 "
            "(`df-empty-ignores-removed` after 199 s: `diff.py` has no test file of its own, and its tests are "
            "in test_versions.py); `v-ok-despite-warnings` survived rightly, as no rule makes a warning, and "
            "is marked equivalent; the other two survivors (an error's severity lost in pickling, the people "
            "counted in a dataset's repr) are killed by tests added in 0.82.31"))),)),
    Sample(101, "0.82.32", (
        'c-help-no-example', 'df-diff-swapped', 't-integer-columns-as-numbers', 'dy-find-people-first-only',
        't-date-columns-as-text', 'c-records-root-cwd', 'na-spelt-name-only', 'g-release-no-head-check',
        'y-short-tag-long', 'e-pattern-no-culprit', 'p-depth-limit-unrecognised', 'r-error-record-id-dropped',
    ), (Run("0.82.32", 12, 12, 16, 15, side_by_side(11, 129, 139, 142, then=(
            "the minutes count 17 runs: the two survivors of seed 100 again, killed by the tests of 0.82.31 "
            "in 2 and 5 s, and three faults of `diff.py` and `_git.py` that had run most of the suite first "
            "(199, 141 and 152 s), killed in 7, 8 and 10 s now that `TESTED_IN` names their modules' test "
            "files; all twelve new faults were killed"))),)),
    Sample(102, "0.82.33", (
        'dy-office-words-first-office', 'v-meeting-files-first-dropped', 'e-pattern-meaning-raw',
        'm-frozen-list-pickles-as-list', 'e-refused-trailing-space-unseen', 'x-write-csv-safety-flipped',
        's-file-name-no-schema-suffix', 'm-gulf-country-first', 'dy-iter-newest-first', 'x-cell-date-not-iso',
        'n-meeting-id-country-case', 'dy-len-counts-people',
    ), (Run("0.82.33", 12, 11, 10, 12, side_by_side(8, 131, 127, 134, then=(
            "`m-frozen-list-pickles-as-list` survived: the copies of a loaded record were compared, never "
            "changed, so a copy holding plain lists passed; a test added in 0.82.33 kills it. "
            "`e-pattern-meaning-raw` was killed only by test_hostile.py's corpus, after 143 s"))),)),
    Sample(103, "0.82.34", (
        'ci-signed-no-line-break', 'r-stand-in-text-any-type', 'ca-trust-no-racy-window', 'p-dump-escapes-non-ascii',
        'er-column-is-line', 't-string-column-values-dropped', 'dy-bundle-dataset-unversioned', 'pr-exit-line-left',
        'p-dump-writes-aliases', 'y-depth-scan-short-texts-skipped', 'p-dump-sorts-keys', 'c-example-is-help-text',
    ), (Run("0.82.34", 12, 10, 15, 15, side_by_side(10, 136, 144, 148, then=(
            "two survived, and tests added in 0.82.34 kill both: `y-depth-scan-short-texts-skipped` (no "
            "text under 50 KB nesting 5,000 levels was tried, and one of 12 KB ended the fast parser's "
            "check in a RecursionError) and `r-stand-in-text-any-type` (no refused entry had a name or acronym that "
            "was not text, and a hint read such a list or number as a name and raised a TypeError)"))),)),
    Sample(104, "0.82.35", (
        'df-to-dict-removed-dropped', 'y-error-line-column-swapped', 're-records-dir-is-schema',
        'e-code-list-spellings-dropped', 'e-drawn-from-proper-subset', 'p-plain-refusal-message-is-code',
        'm-frozen-list-changes-ignored', 'y-dump-width-80', 'm-list-default-unstated', 'na-letter-counts-distinct',
        'y-refused-code-message-swapped', 'v-worker-rules-unset',
    ), (Run("0.82.35", 12, 10, 19, 18, side_by_side(13, 144, 151, 160, then=(
            "the minutes count 15 runs: the three survivors of seeds 102 and 103 again, killed by the tests "
            "of 0.82.33 and 0.82.34 (the short deep text after 197 s, in test_hostile.py); two new faults "
            "survived, `diff --format json` without its removed records and a schema without the empty "
            "lists' default, and tests added in 0.82.35 kill both; `p-plain-refusal-message-is-code` was "
            "killed only by test_hostile.py, after 160 s, so since 0.82.35 `TESTED_IN` names that file for "
            "the reader's and the messages' modules"))),)),
    Sample(105, "0.82.36", (
        're-schema-dir-is-records', 'y-parse-bytes-path-lost', 'dy-sheet-first-row-dropped', 'er-path-file-name-only',
        'er-line-is-column', 's-render-keys-sorted', 't-table-rows-first-dropped', 'pr-enter-returns-nothing',
        'p-tags-never-checked', 'm-attach-person-none', 'dy-to-sqlite-returns-nothing', 't-column-names-reversed',
    ), (Run("0.82.36", 12, 11, 13, 14, side_by_side(9, 160, 155, 168, then=(
            "the minutes count 17 runs: the two survivors of seed 104 again, killed by the tests of 0.82.35 "
            "in 8 and 20 s, and three faults killed only by test_hostile.py before, which now start there "
            "after their module's own file (`TESTED_IN`): 143, 160 and 197 s became 14, 9 and 37 s; "
            "`s-render-keys-sorted` survived, as no test read the order of a schema file's keys, and a test "
            "added in 0.82.36 kills it"))),)),
    Sample(106, "0.82.37", (
        're-package-dir-cwd', 'e-text-hint-dropped', 'x-jsonld-city-dropped', 'e-extra-at-value', 'r-rules-today-real',
        'v-progress-remainder-dropped', 'x-jsonld-occasion-date-dropped', 'e-extra-hint-dropped',
        'x-jsonld-published-dropped', 'x-jsonld-coverage-start-twice', 'y-line-separator-called-control',
        'y-vouch-key-special-words-unchecked',
    ), (Run("0.82.37", 12, 9, 20, 18, side_by_side(13, 154, 160, 160, then=(
            "the minutes count 13 runs: the survivor of seed 105 again, killed by the test of 0.82.36 in "
            "3 s; three faults of the JSON-LD export survived (a meeting's city, a source's day of "
            "publication, the end of the dataset's time span), as its test read none of them, and the test "
            "as extended in 0.82.37 kills all three"))),)),
    Sample(107, "0.82.38", (
        'd-provenance-two-pages-as-one', 'f-canonical-comments-dropped-silently', 'f-canonical-defaults-written',
        'f-canonical-registry-shape-unchecked', 'v-progress-hundreds-as-tens', 'er-init-field-dropped',
        'x-parquet-unpartitioned', 'x-jsonl-ascii-escaped', 'c-validate-engine-jsonschema-by-default',
        'd-provenance-all-reviewed', 'x-datapackage-csv-guarded', 'd-provenance-cities-unfiltered',
    ), (Run("0.82.38", 12, 11, 12, 14, side_by_side(9, 140, 148, 143, then=(
            "the minutes count 15 runs: the three survivors of seed 106 again, killed by the test of 0.82.37 "
            "in 7 to 11 s; `x-jsonl-ascii-escaped` survived, as no test read the JSON Lines files' letters "
            "as written, and a test added in 0.82.38 kills it"))),)),
    Sample(108, "0.82.39", (
        'y-temporary-mode-not-kept', 'v-cold-cache-forgotten', 'sh-call-given-place', 'sh-visit-lists-itself',
        'pl-empty-legend-drawn', 'p-second-document-ignored', 'v-tree-display-ignored', 'p-empty-file-accepted',
        'ds-load-uncached-invalid-kept', 'sh-source-always-undated', 'x-export-old-folder-kept',
        'y-plain-timestamp-accepted',
    ), (Run("0.82.39", 12, 9, 17, 16, side_by_side(12, 144, 140, 149, then=(
            "the minutes count 13 runs: `x-jsonl-ascii-escaped` again, the survivor of seed 107, killed by the "
            "test of 0.82.38 in 7 s; the three survivors were all `show`'s card (a visit's line naming the "
            "meeting itself, every source undated, a place given for a call), which no test read, and tests "
            "added in 0.82.39 kill them"))),)),
    Sample(109, "0.82.40", (
        'e-text-length-code-shared', 'e-range-always-at-least', 'x-pandas-dates-as-text', 'c-new-country-case-strict',
        't-rebuild-date-note-dropped', 'c-cite-default-ris', 't-rebuild-event-place-dropped',
        't-rebuild-location-note-dropped', 'c-show-one-id-only', 'x-parquet-need-unchecked',
        'sh-withdrawn-successor-dropped', 't-rebuild-archive-dropped',
    ), (Run("0.82.40", 12, 10, 19, 18, side_by_side(13, 131, 140, 134, then=(
            "the minutes count 15 runs: the three survivors of seed 108 again, killed by the test of 0.82.39 "
            "in 2 s each; `e-range-always-at-least` survived, as no file of the hostile corpus held a number "
            "above its maximum, and `c-cite-default-ris`, as no test ran `cite` without `--format`; tests "
            "added in 0.82.40 kill both"))),)),
    Sample(110, "0.82.41", (
        'ds-packaged-read-each-time', 'r-participants-repeat-allowed', 'v-pool-progress-per-chunk',
        'p-anchor-column-zero-based', 'y-read-bytes-short-read-ends', 'pl-title-count-dropped',
        'v-refused-references-unchecked', 'pl-kind-markers-all-x', 'v-fast-unreadable-uncounted',
        'r-second-occasion-allowed', 'v-fast-valid-uncounted', 'g-archive-links-skipped',
    ), (Run("0.82.41", 12, 6, 39, 27, side_by_side(22, 140, 137, 145, then=(
            "the minutes count 14 runs: the two survivors of seed 109 again, killed by the tests of 0.82.40 in "
            "15 and 234 s; six survivors (an unreadable file left out of the count on the fast path, the "
            "workers' files on the progress line, the chart's marks and title, the wheel's records read "
            "at every load, a participant listed twice), each killed by a test added in 0.82.41"))),)),
    Sample(111, "0.82.42", (
        'dy-withdrawn-unsorted', 'r-refused-ids-written-ignored', 'y-locate-key-ignored', 's-range-always-minimum',
        'r-refused-ids-name-ignored', 'x-sqlite-foreign-keys-unindexed', 'dy-visits-of-parent-ignored',
        'p-seq-tag-unchecked', 'x-arrow-primary-key-unstated', 'p-position-column-zero-based',
        'x-sqlite-not-null-dropped', 'r-event-year-basis-alone',
    ), (Run("0.82.42", 12, 9, 34, 25, side_by_side(20, 137, 160, 155, then=(
            "the minutes count 18 runs: the six survivors of seed 110 again, killed by the tests of 0.82.41 "
            "in 42 to 291 s; three survivors (withdrawn records in the order given, SQLite columns without "
            "NOT NULL, Parquet files without their key), each killed by a test added in 0.82.42"))),)),
    Sample(112, "0.82.43", (
        'r-no-repeats-same-ignored', 'm-attached-default-ignored', 'v-meetings-json-rebuilt', 'y-float-as-text',
        'x-datapackage-foreign-keys-dropped', 'y-invalid-date-as-text', 'y-yaml11-bool-accepted',
        'y-underscore-number-accepted', 'y-special-float-accepted', 'y-sexagesimal-accepted',
        'x-datapackage-constraints-dropped', 'v-gc-enabled-though-off',
    ), (Run("0.82.43", 12, 9, 23, 22, side_by_side(16, 174, 188, 182, then=(
            "the minutes count 12 runs; the three survivors of seed 111 had been run again on their own "
            "after 0.82.42, killed by its tests in 3, 4 and 7 s (8 minutes, with unchanged runs of 148 s "
            "before and 155 and 165 s after); three survivors (a collector the caller had turned off turned "
            "on again, the workers' meetings rebuilt at each use, the records given to a Dataset copied), "
            "each killed by a test added in 0.82.43"))),)),
    Sample(113, "0.82.44", (
        'c-command-optional', 'ex-fields-at-optional-first-arg', 'c-withdraw-on-unchecked',
        'c-find-name-bytes-kept', 'c-new-date-optional', 'c-plot-any-chart', 'c-schema-write-and-check',
        'c-compare-new-default-here', 'c-docs-mode-optional', 'c-new-kind-any-case', 'c-notes-date-unchecked',
        'c-notes-version-unchecked',
    ), (Run("0.82.44", 12, 5, 62, 40, side_by_side(34, 177, 185, 182, then=(
            "the minutes count 15 runs: the three survivors of seed 112 again, killed by the tests of "
            "0.82.43 in 42 to 90 s; seven survivors, six of them choices of the command line that no test "
            "made (no command at all, `diff` without NEW, `docs` with neither or both of --write and "
            "--check, `schema` with both, `new` without --date, an unknown chart) and the walk to a misspelt "
            "key's fields through a nested list, which no model of the records has yet; each killed by a "
            "test added in 0.82.44"))),)),
    Sample(114, "0.82.45", (
        'sh-date-range-dropped', 'sh-disputed-why-dropped', 'r-refused-hint-pattern-only', 'sh-archived-dropped',
        'dis-readings-repeat-allowed', 'e-model-errors-prefix-dropped', 'sh-reviewed-dropped',
        'ds-load-key-unresolved', 'sh-source-note-dropped', 'r-refused-record-id-dropped',
        'e-model-errors-record-id-dropped', 'sh-visiting-host-swapped',
    ), (Run("0.82.45", 12, 3, 62, 40, side_by_side(34, 167, 191, 189, then=(
            "the minutes count 19 runs: the seven survivors of seed 113 again, killed by the tests of 0.82.44 "
            "in 6 to 267 s; nine survivors: six lines of `show`'s card that no test read (a date's range, "
            "the review, an archived copy, a source's note, the visiting and host countries, why a "
            "disagreement keeps its reading), one Dataset per spelling of a folder, a refused meeting's "
            "dangling references without its id, and `r-refused-hint-on-any-code`, whose change was better "
            "than the code: a name written with a title for an id is refused for its length before its "
            "form, and got no hint; the code now gives it, and the fault, turned round, is "
            "`r-refused-hint-pattern-only`; each killed by a test added in 0.82.45"))),)),
    Sample(115, "0.82.46", (
        'y-temporary-kept-on-chmod-error', 'y-temporary-one-try', 'r-cycle-placed-start-only',
        'pl-open-end-at-value', 'v-cached-cold-threshold-inverted', 'f-header-comments-flagged',
        'ca-remember-unchanged-rewritten', 'r-self-replacement-allowed', 'y-write-never-synced',
        'r-unique-ids-later-wins', 'w-shared-id-first-taken', 'y-mark-needs-single-quote',
    ), (Run("0.82.46", 12, 9, 28, 24, side_by_side(18, 191, 193, 188, then=(
            "the minutes count 12 runs; the nine survivors of seed 114 had been run again on their own "
            "after 0.82.45, killed by its tests in 3 to 192 s (12 minutes, with unchanged runs of 180 s "
            "before and 180 and 181 s after); three survivors (a temporary file's name tried only once, a "
            "later duplicate id pointing at the entry before it instead of the first, and "
            "`w-last-year-file-wins`, which showed that `withdraw` took one of two files sharing an id and "
            "left the other active; it now refuses such an id, and the fault, retargeted, is "
            "`w-shared-id-first-taken`), each killed by a test added in 0.82.46"))),)),
    Sample(116, "0.82.47", (
        'ca-registries-shown-as-source', 'v-invalid-meetings-uncounted', 'pyy-depth-check-skipped',
        'ds-summary-by-person-unsorted', 'x-jsonld-job-title-dropped', 'ds-summary-organizations-named-withdrawn',
        'ds-summary-topics-alphabetical', 'y-oversize-message-limit-as-size', 'x-jsonld-language-dropped',
        'ds-summary-year-rows-withdrawn', 'x-jsonld-spatial-gulf-only', 'ca-registries-count-dropped',
    ), (Run("0.82.47", 12, 4, 52, 37, side_by_side(31, 183, 201, 191, then=(
            "the minutes count 15 runs: the three survivors of seed 115 again, killed by the tests of 0.82.46 "
            "in 8 to 16 s; eight survivors: two fields of the JSON-LD events that no test read (an attendee's "
            "office, a report's language), three counts of `summary()` (topics most first, no row for a year "
            "whose only meeting was withdrawn, the organizations only active records name), a registry read "
            "from the cache reported under the tree's own path, the depth scan, which matters only with "
            "PyYAML's pure-Python loader, which no test could swap in (the scan now looks its loader up at each "
            "call), and `v-check-meetings-files-read-dropped`, equivalent: every file counted one, so the "
            "count is no longer sent back and the fault, retargeted, is `v-invalid-meetings-uncounted`; each "
            "killed by a test added in 0.82.47"))),)),
    Sample(117, "0.82.48", (
        'v-check-meetings-json-none', 'pyy-tags-never-possible', 'y-marks-kept-in-lists', 'f-quoted-hash-flagged',
        'v-cached-display-ignored', 'ds-summary-by-kind-unsorted', 'pyy-anchor-check-star-only',
        'ca-summary-entry-clean', 'x-jsonld-context-dropped', 'c-plot-path-not-displayed',
        'x-jsonld-event-status-dropped', 'y-temporary-not-exclusive',
    ), (Run("0.82.48", 12, 9, 29, 24, side_by_side(18, 174, 166, 167, then=(
            "the minutes count 20 runs: the eight survivors of seed 116 again, killed by the tests of 0.82.47 "
            "in 6 to 86 s; three survivors (the JSON-LD's context and its events' status, which no test read, "
            "and `plot` naming the chart it wrote from the working folder), each killed by a test added in "
            "0.82.48"))),)),
    Sample(118, "0.82.49", (
        'v-fast-registry-index-shifted', 'd-module-job-unjoined', 'w-stray-file-listed', 'c-new-records-unchecked',
        'v-tree-engine-unchecked', 'c-new-path-not-displayed', 'd-block-unclosed-line-off',
        'sc-field-docs-misaligned', 'y-vouch-list-items-trusted', 'e-pickled-hint-severity-swapped',
        'y-mark-count-last-pattern', 'y-replacing-new-overwrites',
    ), (Run("0.82.49", 12, 10, 19, 18, side_by_side(13, 150, 170, 159, then=(
            "the minutes count 12 runs; the three survivors of seed 117 had been run again on their own "
            "after 0.82.48, killed by its tests in 7 to 77 s (2 minutes, with unchanged runs of 163 s "
            "before and 159 and 176 s after); two survivors (a file beside the year folders, which "
            "`withdraw` listed as a year and so refused every withdrawal, and `new` printing its file's "
            "path as `--records` gave it, not from the working folder), each killed by a test added in "
            "0.82.49"))),)),
    Sample(119, "0.82.50", (
        'r-city-basis-alone-accepted', 'pyy-syntax-context-mark-first', 'r-kept-window-question-kept',
        'r-kept-spelt-with-id', 'r-sidelines-occasion-unchecked', 'rl-empty-note-dropped', 'r-cites-unchecked',
        'c-diff-empty-silent', 'rl-withdrawn-as-added', 'r-event-org-unlisted-accepted',
        'ds-office-unknown-title-unworded', 'ds-office-missing-last-word',
    ), (Run("0.82.50", 12, 10, 23, 20, side_by_side(15, 153, 151, 155, then=(
            "the minutes count 14 runs: the two survivors of seed 118 again, killed by the tests of 0.82.49 "
            "in 10 and 159 s; two survivors of the office filter, which no test reached (which of two words "
            "that no office holds its message names, and an office that a Dataset built by hand gives a "
            "participant but its registry lacks), each killed by a test added in 0.82.50"))),)),
    Sample(120, "0.82.51", (
        'x-foreign-tables-named-one', 'sc-min-max-items-swapped', 'ds-office-empty-hint-one-of-two',
        'c-validate-unread-named-resolved', 'sc-extra-placed-at-value', 'sc-type-text-hint-any',
        'ds-find-offices-holder-repeated', 'c-validate-json-ok-inverted', 'c-validate-problem-count-files',
        'c-docs-stale-first-only', 'c-validate-unchanged-uncounted', 'sc-extra-fields-first-only',
    ), (Run("0.82.51", 12, 7, 42, 30, side_by_side(24, 158, 203, 193, then=(
            "the minutes count 14 runs: the two survivors of seed 119 again, killed by the tests of 0.82.50 "
            "in 7 s each; five survivors: `sc-extra-field-last`, which showed that the JSON Schema engine "
            "reported only the first of two unknown fields in a mapping, alphabetically, where the model "
            "reports each (it now reports each, in the file's order; the fault, retargeted, is "
            "`sc-extra-fields-first-only`, and `sc-extra-placed-at-value`, killed in this run, was moved "
            "onto the rewritten line); a hint to quote a number where no text belongs, which no test gave "
            "the JSON Schema engine; the tables beyond the first that a refused SQLite file "
            "holds; an office's holder listed once for two terms; and `ds-office-empty-hint-max`, which "
            "showed that an office query naming two countries and no office hinted at one of them (the hint "
            "now names both; the fault, retargeted, is `ds-office-empty-hint-one-of-two`); each killed by a "
            "test added in 0.82.51"))),)),
    Sample(121, "0.82.52", (
        'g-link-from-root', 'c-fmt-check-writes-to-stdout', 'y-undecodable-line-from-zero', 'c-fmt-registries-skipped',
        'v-summaries-unchanged-uncounted', 'c-fmt-errors-unprinted', 'y-undecodable-column-from-zero',
        'c-schema-check-dir-unchecked', 'c-fmt-missing-target-skipped', 'c-fmt-ok-with-errors',
        'g-link-to-folder-followed', 'y-too-large-at-limit',
    ), (Run("0.82.52", 12, 8, 36, 28, side_by_side(22, 196, 195, 194, then=(
            "the minutes count 17 runs: the five survivors of seed 120 again, killed by the tests of 0.82.51 "
            "in 4 to 37 s; the two faults of `_git.py`, reported killed by test_bundle.py after 220 and 224 s, "
            "were not: run after test_contributor_workflow.py, which they start with, that test failed "
            "whatever the fault, as it counted a bundle of the same records that the other file's `docs "
            "--check` had cached in a clone of the last commit, under its version, 0.82.51 (each test of "
            "test_bundle.py now has a cache folder of its own); two survivors (`fmt` "
            "printing its OK line beside a file it refused, and a file of exactly the size limit); these "
            "four were run again on their own before 0.82.52 was committed, and its tests killed each, in "
            "13 to 325 s (14 minutes, with unchanged runs of 194 s before and 179 and 185 s after), the "
            "two of `_git.py` by test_versions.py, which they now start with after "
            "test_contributor_workflow.py"))),)),
    Sample(122, "0.82.53", (
        'y-refused-char-column-after', 'd-list-lengths-unchecked', 'v-misnamed-case-kept', 'd-top-field-dotted',
        'e-severity-always-error', 'ds-country-words-no-iso-name', 'e-dict-field-blank', 'y-vouch-nested-ignored',
        'c-list-empty-silent', 's-comment-applies-dropped', 'y-depth-ends-uncounted', 'ds-load-unsorted-errors',
    ), (Run("0.82.53", 12, 8, 24, 22, side_by_side(16, 179, 177, 186, then=(
            "four survivors: the depth scan counting sibling lists as nested ones, an empty text for "
            "the `field` of an error that concerns none in the JSON report, the schema's `$comment` "
            "without the files it applies to, and `load()`'s errors out of path order without a "
            "cache; each killed by a test added in 0.82.53"))),)),
    Sample(123, "0.82.54", (
        'p-timeline-figure-left-open', 'y-too-deep-column-from-zero', 'p-timeline-hashsalt-off', 'r-kept-hint-dropped',
        'c-words-surrogates-kept', 'e-invalid-more-off', 'r-reading-place-first', 'x-export-written-unlisted',
        'x-export-staging-kept', 'r-kept-none-checked', 's-title-bare-name', 'r-reading-url-hint-dropped',
    ), (Run("0.82.54", 12, 11, 13, 16, side_by_side(9, 185, 178, 181, then=(
            "one survivor, the chart's figure left open in pyplot, killed by a test added in 0.82.54; a "
            "first launch had stopped after its unchanged run (3 minutes), where the test of the curation "
            "log's script failed on a copy of the real log, since the next session there is the "
            "hundredth, which the script could not spell (it now can)"))),)),
    Sample(124, "0.82.55", (
        's-write-unlisted', 'c-withdraw-on-ignored', 'f-header-trailing-blank-kept', 'r-repeat-loc-without-suffix',
        'c-show-cards-unseparated', 's-pattern-final-newline', 'ca-stat-not-remembered', 'y-dump-escapes-literal',
        'd-disagreements-none-counted', 'ex-count-limit-swapped', 'y-dump-long-prose-plain', 'ex-root-field-blank',
    ), (Run("0.82.55", 12, 8, 37, 28, side_by_side(22, 182, 171, 167, then=(
            "four survivors: `schema --write` naming no file it wrote, `show` printing two cards with no "
            "blank line between them, a stat taken again for each question a warm run asks of a cached "
            "file, and an empty text for the `field` of a meeting file that is not a mapping; each "
            "killed by a test added in 0.82.55"))),)),
    Sample(125, "0.82.56", (
        'c-year-folder-whole', 'cf-xdg-subfolder-dropped', 'cf-verified-split-last', 'c-display-outside-absolute',
        'd-disagreements-kinds-uncounted', 'cf-no-home-dot-cache', 'cf-cache-env-ignored', 'y-dump-lines-folded',
    ), (Run("0.82.56", 8, 6, 24, 20, side_by_side(15, 158, 160, 169, then=(
            "the minutes count 17 runs: the nine survivors of seeds 122 to 124 again, killed by the tests "
            "of 0.82.53 to 0.82.55 in 3 to 277 s; `cf-verified-split-last`, which survived, is equivalent "
            "(every signed body is JSON on one line); and one survivor, a file outside the working folder "
            "printed by its absolute path, killed by a test added in 0.82.56"))),)),
    Sample(126, "0.82.57", (
        's-principal-by-id', 'ca-entry-mtime-as-ctime', 'v-keep-models-files-unlisted',
        'r-withdrawn-without-withdrawal', 's-empty-field-trailing-space', 'v-locator-shown-as-source',
        'cf-checksum-first-byte-skipped', 's-participant-neither-side-shown', 'f-format-shown-ignored',
        'sc-as-json-dates-kept', 'ca-fingerprint-people-skipped', 'r-active-withdrawal-allowed',
    ), (Run("0.82.57", 12, 6, 61, 42, side_by_side(34, 250, 237, 217, then=(
            "the minutes count 13 runs: the survivor of seed 125 again, killed by the test of 0.82.56 in "
            "448 s; `s-empty-field-trailing-space`, which survived, is equivalent (no card gives a field a "
            "blank value); and five survivors, killed by tests added in 0.82.57"))),)),
    Sample(127, "0.82.58", (
        'r-repeat-earlier-unnamed', 't-date-timestamp-kept', 'w-replaced-by-named-on', 'r-repeat-twice-as-same',
        'ex-describe-empty-list-counted', 'm-nested-lists-unfrozen', 'ex-missing-message-parent',
        'c-drop-closed-stream', 'y-dump-long-prose-literal', 'c-withdraw-default-records-cwd',
        'ex-model-default-meeting', 'c-show-json-one-as-card',
    ), (Run("0.82.58", 12, 10, 39, 35, side_by_side(27, 207, 254, 268, then=(
            "the minutes count 17 runs: the five survivors of seed 126 again, killed by the tests of "
            "0.82.57 in 7 to 117 s; and two survivors, killed by tests added in 0.82.58"))),)),
)


def drawn_from(current: Sequence[str]) -> list[str]:
    """The list as the first sample found it: ``current`` with the dropped faults put back."""
    ids = list(current)
    for gone, after in DROPPED.items():
        ids.insert(ids.index(after) + 1, gone)
    return ids


def pool(current: Sequence[str], before: Sequence[Sample], seed: int) -> list[str]:
    """The faults a draw with ``seed`` takes from, in list order: those none of ``before`` drew,
    less those excluded by then and those added to the list after it."""
    drawn = {fault for sample in before for fault in sample.ids}
    excluded = set().union(*(ids for since, ids in EXCLUDED if seed >= since))
    ids = drawn_from(current)
    later = [ids.index(first) for first, since in ADDED.items() if seed < since]
    return [fault for fault in ids[:min(later, default=len(ids))] if fault not in drawn and fault not in excluded]


def draw(current: Sequence[str], seed: int, size: int,
         before: Sequence[Sample] = SAMPLES) -> list[str]:
    """The sample ``seed`` draws of ``size`` faults, after ``before``: how each sample was drawn."""
    return random.Random(seed).sample(pool(current, before, seed), size)


def undrawn(current: Sequence[str], before: Sequence[Sample] = SAMPLES) -> list[str]:
    """The faults on the list that no sample has drawn, for the next draw to take from."""
    on_list = set(current)
    return [fault for fault in pool(current, before, before[-1].seed + 1) if fault in on_list]


def next_sample(current: Sequence[str], seed: int, size: int,
                before: Sequence[Sample] = SAMPLES) -> list[str]:
    """The draw ``--draw SEED N`` prints, or a ValueError that says why there is none: seeds rise
    from sample to sample (the exclusions are keyed by seed), and once every fault is drawn the
    list must grow first."""
    remaining = len(undrawn(current, before))
    if not remaining:
        raise ValueError("every fault on the list has been drawn by a sample; add faults before drawing again")
    if seed <= before[-1].seed or not 1 <= size <= remaining:
        raise ValueError(f"a new sample needs a seed above {before[-1].seed} and 1 to {remaining} faults")
    return draw(current, seed, size, before)


def unrun() -> list[str]:
    """The faults drawn that no run has reached yet, in draw order."""
    return [fault for sample in SAMPLES
            for fault in sample.ids[sum(run.faults for run in sample.runs):]]


def table(current: Sequence[str]) -> str:
    """A Markdown table of the samples and their runs, a row a run, for CONTRIBUTING.md."""
    rows = ["| seed | drawn at | drawn from | drawn | run | reported in | killed"
            " | minutes (with the unchanged runs) | notes |",
            "|---|---|---|---|---|---|---|---|---|"]
    for index, sample in enumerate(SAMPLES):
        size = len(pool(current, SAMPLES[:index], sample.seed))
        first = [str(sample.seed), sample.drawn_at, str(size), str(len(sample.ids))]
        for run in sample.runs or (None,):
            if run is None:
                cells = first + ["", "not run yet", "", "", ""]
            else:
                minutes = str(run.mutant_minutes)
                if run.wall_minutes:
                    minutes += f" ({run.wall_minutes})"
                cells = first + [str(run.faults), run.reported_in, str(run.killed), minutes, run.note]
            rows.append("|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|")
            first = [""] * 4
    return "\n".join(rows) + "\n"


def spliced(text: str, current: Sequence[str]) -> str:
    """``text`` (CONTRIBUTING.md) with its samples' table replaced by ``table(current)``: the table
    runs from its header row to the first line that is not a table row."""
    header = table(current).split("\n", 1)[0]
    start = text.find(header + "\n")
    if start < 0:
        raise ValueError("no table of samples (its header row) in the text")
    end = start
    while text.startswith("|", end):
        end = text.index("\n", end) + 1
    return text[:start] + table(current) + text[end:]
