"""Typed rows returned by the Store. Plain data: no formatting here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Competition:
    id: int
    code: str
    name: str
    modern_since: int | None


@dataclass(frozen=True, slots=True)
class CompetitionInfo:
    """A competition as data: its names by era and where it belongs."""

    id: int
    code: str
    name: str                          # generic: 'English top flight'
    country: str | None                # 3-letter club country, 'UEFA', or None (unknown)
    kind: str                          # league | cup
    tier: int | None
    eras: tuple[tuple[int, str], ...]  # (first season, name), oldest first
    first_season: int | None           # seasons with data in the store
    last_season: int | None
    seasons: int = 0

    def name_in(self, start_year: int) -> str:
        """The competition's name in that season ('First Division' in 1988)."""
        name = self.eras[0][1] if self.eras else self.name
        for since, era in self.eras:
            if since <= start_year:
                name = era
        return name


@dataclass(frozen=True, slots=True)
class SeasonRules:
    id: int
    competition_id: int
    start_year: int
    away_goals: bool
    away_goals_in_extra_time: bool
    extra_time: bool
    decider: str  # penalties | replay | coin_toss

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"


@dataclass(frozen=True, slots=True)
class Club:
    id: int
    name: str
    country: str
    ground: str | None = None


@dataclass(frozen=True, slots=True)
class Player:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Match:
    id: int
    competition: str          # competition code
    season: int               # start year
    stage: str
    round: str
    leg: str
    date: str                 # YYYY-MM-DD
    kickoff_utc: str | None
    home_id: int
    away_id: int
    home: str
    away: str
    neutral: bool
    venue: str | None
    status: str
    ht_home: int | None
    ht_away: int | None
    ft_home: int | None
    ft_away: int | None
    aet_home: int | None
    aet_away: int | None
    pen_home: int | None
    pen_away: int | None
    note: str | None

    @property
    def home_goals(self) -> int | None:
        """Goals incl. extra time (shoot-outs never count)."""
        return self.aet_home if self.aet_home is not None else self.ft_home

    @property
    def away_goals(self) -> int | None:
        return self.aet_away if self.aet_away is not None else self.ft_away

    def goals_for(self, club_id: int) -> int | None:
        return self.home_goals if club_id == self.home_id else self.away_goals

    def goals_against(self, club_id: int) -> int | None:
        return self.away_goals if club_id == self.home_id else self.home_goals

    def opponent_id(self, club_id: int) -> int:
        return self.away_id if club_id == self.home_id else self.home_id


@dataclass(frozen=True, slots=True)
class Tie:
    id: int
    competition: str
    season: int
    stage: str
    round: str
    first_leg_id: int
    second_leg_id: int | None
    replay_id: int | None
    club_a: int               # at home in the first leg
    club_b: int
    agg_a: int | None
    agg_b: int | None
    winner_id: int | None
    decided_by: str | None


@dataclass(frozen=True, slots=True)
class Goal:
    id: int
    match_id: int
    team_id: int
    player_id: int | None
    player: str | None
    minute: int | None
    stoppage: int | None
    penalty: bool
    own_goal: bool
    assist_player_id: int | None
    assist: str | None
