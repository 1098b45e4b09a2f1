"""`IdSet`: a compact set of comment ids that answers exactly as a set of the strings would."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from threadview.store.idset import IdSet

PLAIN = "0123456789abcdef"
HEX16 = st.text(alphabet="0123456789abcdef", min_size=16, max_size=16)
NEAR = st.one_of(
    HEX16,
    HEX16.map(str.upper),
    HEX16.map(lambda cid: cid + "~2"),
    HEX16.map(lambda cid: "0x" + cid[2:]),
    HEX16.map(lambda cid: cid[:8] + "_" + cid[9:]),
    st.text(max_size=20),
)


@given(st.lists(NEAR, max_size=40), st.lists(NEAR, max_size=20))
def test_it_answers_as_a_set_of_strings(members, others):
    made = IdSet(members)
    assert made == set(members) and len(made) == len(set(members))
    assert sorted(made) == sorted(set(members))
    for cid in members + others:
        assert (cid in made) == (cid in set(members))


def test_look_alikes_of_a_plain_id_are_other_ids():
    made = IdSet([PLAIN])
    assert PLAIN in made
    for alike in (PLAIN.upper(), "0x" + PLAIN[2:], PLAIN[:8] + "_" + PLAIN[9:], PLAIN + "~2"):
        assert alike not in made
    assert int(PLAIN, 16) not in made


def test_without_drops_only_what_it_is_given():
    made = IdSet([PLAIN, "f" * 16, PLAIN + "~2"])
    assert made.without({"f" * 16, PLAIN + "~2", "1" * 16}) == {PLAIN}
    assert made.without(()) is made
    assert made.without({"1" * 16}) is made


def test_many_ids_in_any_order_with_repeats_and_odd_ones():
    plain = [f"{n * 7919:016x}" for n in range(10_000)]
    mixed = plain[::-1] + plain[:50] + [PLAIN.upper(), PLAIN + "~3"]
    made = IdSet(mixed)
    assert made == set(mixed) and len(made) == len(set(mixed))
    assert list(made)[:10_000] == sorted(plain)
    assert IdSet(sorted(plain)) == made - {PLAIN.upper(), PLAIN + "~3"}
