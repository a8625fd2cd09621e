"""Generated witnesses (words omitted, added, substituted, repeated, respaced) through teiphy and
the Versioning Machine: every panel shows its witness, teiphy credits each witness with its own
reading."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from collate.writers.tei import to_tei, witness_ids

from .consumers import partition, teiphy_states, vm_page, vm_panels
from .test_properties import collate_texts, witness_texts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(witness_texts())
def test_generated_witnesses_read_right_in_the_versioning_machine_and_teiphy(texts):
    collation = collate_texts(texts)
    data = to_tei(collation)
    ids = witness_ids(collation.sigla)
    panels = vm_panels(vm_page(data))
    for witness in collation.witnesses:
        assert panels[ids[witness.siglum]] == " ".join(witness.text.split()), witness.siglum
    if collation.variants:
        states, _ = teiphy_states(data, [])
        for variant in collation.variants:
            ours = {ids[s]: k for k, r in enumerate(variant.readings) for s in r.sigla}
            assert partition(states[variant.id]) == partition(ours), variant.id
