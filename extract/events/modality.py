"""Did it happen? Tests on a trigger token's syntax: irrealis, negation, description, anaphora.

* irrealis: the trigger or a governing verb is planned/expected/threatened/denied/hypothetical
  ("expected to next target", "preparing to launch an assault", "would attack");
* purpose: a to-infinitive ("an offensive to retake X") has not happened yet — unless governed by
  begin/start/continue ("began to shell");
* descriptive: a participle that only describes a noun ("militiamen battling Daesh");
* definite: "the offensive", "Tuesday's bombings" point back to something already reported.
"""

from __future__ import annotations

from spacy.tokens import Token

from extract.events.lexicon import stem

_REALISING = {"begin", "begun", "start", "continu", "resum", "manag", "launch", "intensify"}
_MODALS = {"will", "would", "could", "might", "may", "should", "shall", "must", "can"}
_DEFINITE = {"the", "this", "that", "these", "those"}


def _verb_ancestors(tok: Token, limit: int = 6):
    seen = 0
    for anc in tok.ancestors:
        yield anc
        seen += 1
        if seen >= limit:
            break


def is_to_infinitive(tok: Token, strict: bool = False) -> bool:
    """'to retake X'; unless ``strict``, 'began to shell X' counts as done."""
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ != "VB":
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    head = tok.head
    return strict or not (head is not tok and stem(head.text) in _REALISING)


def is_negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in ("no", "any")) for c in tok.children):
        return True
    for anc in _verb_ancestors(tok, 2):
        if anc.pos_ in ("VERB", "AUX") and any(c.dep_ == "neg" for c in anc.children):
            return True
        if anc.pos_ == "VERB":
            break
    return False


def is_irrealis(tok: Token, irrealis_stems: frozenset[str]) -> bool:
    """Planned, expected, threatened, denied, conditional or modal."""
    if stem(tok.text) in irrealis_stems and tok.pos_ != "NOUN":
        return True
    for c in tok.children:
        if c.dep_ in ("aux", "amod", "mark") and (c.lower_ in _MODALS or stem(c.text) in irrealis_stems):
            return True
    if is_to_infinitive(tok):
        return True
    for anc in _verb_ancestors(tok):
        if stem(anc.text) in irrealis_stems and anc.pos_ in ("VERB", "ADJ", "AUX", "NOUN"):
            return True
        if any(c.dep_ in ("aux", "mark") and (c.lower_ in _MODALS or c.lower_ in ("if", "unless"))
               for c in anc.children):
            return True
    return False


def is_descriptive(tok: Token) -> bool:
    """A participle describing a noun ('forces battling Daesh', 'areas seized by ...')."""
    return tok.pos_ == "VERB" and tok.dep_ in ("acl", "relcl", "amod") and tok.tag_ in ("VBG", "VBN")


def is_definite(tok: Token) -> bool:
    """'the offensive', 'Tuesday's bombings', 'The bombers' — a reference back."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    for c in tok.children:
        if c.dep_ == "det" and c.lower_ in _DEFINITE:
            return True
        if c.dep_ == "poss" and c.lower_ not in ("its", "their", "his", "her", "our", "my"):
            return True
    return False


def has_of_complement(tok: Token) -> bool:
    """'the recapture of Mosul' introduces its object: new information, not a back-reference."""
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)
