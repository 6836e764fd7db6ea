"""Comparing two saved sessions, with changes smaller than their measurement error marked.

A change is reliable only beyond what measuring twice would give by itself: Jacobson and
Truax's reliable change index, RCI = change / S_diff with S_diff = sqrt(SE_before² +
SE_after²). Seven skills (and eight roles) are compared at once, so the bar is set for the
whole family (Bonferroni): a change is reliable when |RCI| reaches the z at which the chance
that any of them moves that far by noise alone is 5%. A skill's SE comes from the number of
answers behind its level (scoring.standard_error); a role match's SE from the skills' SEs
through the match formula (uncertainty.match_error). docs/scoring.md, "Reliable change",
gives the reasoning and the measured false-alarm and detection rates.
"""

from __future__ import annotations

import math
from datetime import datetime
from statistics import NormalDist

from bpo_assess.core.catalogue import Catalogue
from bpo_assess.core.models import (
    AssessmentResult,
    Comparison,
    Evidence,
    MeasureChange,
    RoleChange,
    SessionRecord,
    SkillChange,
)
from bpo_assess.core.scoring import (
    RoleScorer,
    context_of,
    match_error,
    shared_ranks,
    skill_error,
    tiers,
)

FAMILY_ALPHA = 0.05  # the chance that noise alone marks any of the compared changes real
DISAGREEMENT = 1.5  # levels between counsellor and self-rating worth pointing out
COARSE_ITEMS = 1  # a skill measured by this many answers or fewer makes a comparison coarse


def reliable_z(compared: int) -> float:
    """The |RCI| a change must reach when `compared` changes are judged together: two-sided,
    Bonferroni-corrected, so noise marks any of them real with chance FAMILY_ALPHA at most
    (2.69 for seven skills, 2.73 for eight roles; 1.96 for one)."""
    return NormalDist().inv_cdf(1 - FAMILY_ALPHA / (2 * max(compared, 1)))


def disagrees(counsellor: float | None, own: float) -> bool:
    """Whether the counsellor's rating is far enough from the client's to point out."""
    return counsellor is not None and abs(counsellor - own) >= DISAGREEMENT


def _errors(catalogue: Catalogue, result: AssessmentResult) -> tuple[float, ...]:
    return tuple(skill_error(result.skills[s]) for s in catalogue.skill_ids)


class _Standing:
    """One session's roles as the current formula scores them: match, shared rank, tier
    and the match's standard error, by role id."""

    def __init__(self, catalogue: Catalogue, scorer: RoleScorer, result: AssessmentResult):
        context, errors = context_of(catalogue, result), _errors(catalogue, result)
        levels = context.levels
        ranked = scorer.score(context)
        ranks = shared_ranks([scored.match for scored in ranked])
        tiered = tiers(ranked, scorer.demands, levels, errors)
        self.match = {s.role.id: s.match for s in ranked}
        self.rank = {s.role.id: r for s, r in zip(ranked, ranks, strict=True)}
        self.tier = {s.role.id: t for s, t in zip(ranked, tiered, strict=True)}
        self.error = {
            s.role.id: match_error(scorer.demands[s.order], levels, errors) for s in ranked
        }

    def tier_at(self, rank: int) -> set[int]:
        return {self.tier[role] for role, at in self.rank.items() if at == rank}


def compare(catalogue: Catalogue, before: SessionRecord, after: SessionRecord) -> Comparison:
    """Per-skill and per-role change from `before` to `after`, unreliable change marked."""
    a, b = before.result, after.result
    fits = all(set(r.skills) == set(catalogue.skill_ids) for r in (a, b))
    skill_ids = catalogue.skill_ids if fits else tuple(s for s in a.skills if s in b.skills)
    notes: list[str] = []
    coarse = any(
        r.skills[s].answered <= COARSE_ITEMS for r in (a, b) for s in skill_ids if s in r.skills
    )
    if coarse:
        notes.append(
            "One session is a quick interview or direct ratings: one answer per skill is a"
            " coarse measure, so only a change of more than about a level and a half counts as"
            " reliable."
            " Compare two full interviews to see smaller growth."
        )
    skills = []
    skill_z = reliable_z(len(skill_ids))
    for skill_id in skill_ids:
        first, second = a.skills[skill_id], b.skills[skill_id]
        spread = math.hypot(skill_error(first), skill_error(second))
        change = round(second.level - first.level, 2)
        rci = change / spread if spread else 0.0
        skill = catalogue.skill_by_id.get(skill_id)
        counsellor = after.ratings.get(skill_id)
        skills.append(
            SkillChange(
                skill=skill_id,
                name=skill.name if skill else skill_id,
                before=first.level,
                after=second.level,
                change=change,
                threshold=round(skill_z * spread, 2),
                rci=round(rci, 2),
                within_noise=abs(rci) < skill_z,
                counsellor_before=before.ratings.get(skill_id),
                counsellor_after=counsellor,
                large_disagreement=disagrees(counsellor, second.level),
            )
        )

    roles = []
    if fits:
        if a.schema_version != b.schema_version or a.schema_version < 2:
            notes.append(
                "A session was saved by an older version that scored roles another way: both"
                " sessions' roles are rescored here from their skill levels, so the matches"
                " may differ from what was shown then."
            )
        scorer = RoleScorer(catalogue)
        then, now = _Standing(catalogue, scorer, a), _Standing(catalogue, scorer, b)
        role_z = reliable_z(len(catalogue.roles))
        for role in catalogue.roles:
            rid = role.id
            change = round(now.match[rid] - then.match[rid], 1)
            spread = math.hypot(then.error[rid], now.error[rid])
            rank_noise = (
                then.rank[rid] == now.rank[rid]
                or then.tier[rid] in then.tier_at(now.rank[rid])
                or now.tier[rid] in now.tier_at(then.rank[rid])
            )
            roles.append(
                RoleChange(
                    role=rid,
                    title=role.title,
                    match_before=then.match[rid],
                    match_after=now.match[rid],
                    change=change,
                    rank_before=then.rank[rid],
                    rank_after=now.rank[rid],
                    threshold=round(role_z * spread, 1),
                    within_noise=abs(change) < role_z * spread,
                    rank_within_noise=rank_noise,
                )
            )
    else:
        notes.append(
            "The sessions do not share the loaded catalogue's skills, so their role matches"
            " cannot be rescored side by side; only the skills they share are compared."
        )
    return Comparison(
        before=before.id,
        after=after.id,
        before_at=before.created_at,
        after_at=after.created_at,
        days_apart=round((_when(after) - _when(before)).total_seconds() / 86400, 1),
        same_catalogue=catalogue.made(a.catalogue_hash) and catalogue.made(b.catalogue_hash),
        coarse=coarse,
        notes=notes,
        skills=skills,
        roles=roles,
        measures=measure_changes(a.evidence, b.evidence),
    )


def measure_changes(first: Evidence | None, second: Evidence | None) -> list[MeasureChange]:
    """Typing speed and checking accuracy, where both sessions measured them: a change is
    reliable beyond z x the standard error of the difference, z set for the measures
    compared together as for the skills (1.96 for one, 2.24 for two)."""
    if first is None or second is None:
        return []
    pairs: list[tuple[str, float | None, float | None, float | None, float | None]] = []
    if first.typing and second.typing and first.typing.scored and second.typing.scored:
        t1, t2 = first.typing, second.typing
        pairs.append(
            ("typing net speed", t1.net_wpm, t2.net_wpm, t1.standard_error, t2.standard_error)
        )
    if first.checking and second.checking:
        c1, c2 = first.checking, second.checking
        pairs.append(
            (
                "checking percent correct",
                c1.percent_correct,
                c2.percent_correct,
                c1.standard_error,
                c2.standard_error,
            )
        )
    changes = []
    z = reliable_z(len(pairs))  # the measures compared together, as for the skills
    for name, before, after, error_before, error_after in pairs:
        if before is None or after is None:
            continue
        change = round(after - before, 1)
        threshold = None
        if error_before is not None and error_after is not None:
            threshold = round(z * math.hypot(error_before, error_after), 1)
        changes.append(
            MeasureChange(
                measure=name,
                before=before,
                after=after,
                change=change,
                threshold=threshold,
                within_noise=None if threshold is None else abs(change) < threshold,
            )
        )
    return changes


def _when(session: SessionRecord) -> datetime:
    return datetime.fromisoformat(session.created_at.replace("Z", "+00:00"))
