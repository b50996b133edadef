"""Optional pandas helpers: pandas is imported only when a `to_pandas()` is called."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Sequence

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped,import-not-found,unused-ignore]

__all__ = ["require_pandas", "records_to_frame"]


def require_pandas() -> Any:
    try:
        import pandas
    except ImportError as err:
        raise ImportError(
            "to_pandas() needs pandas, which is not installed: `pip install pandas` "
            "(or `pip install 'person-run[pandas]'`). The SDK itself needs only the standard library."
        ) from err
    return pandas


def records_to_frame(records: Sequence[Dict[str, Any]]) -> "pandas.DataFrame":
    pd = require_pandas()
    return pd.json_normalize(list(records))


def study_results_rows(results: Dict[str, Any]) -> List[Dict[str, Any]]:
    """One row per question x group (`overall` first, then each group such as a cohort) of a study
    run's results: the question's scalar fields, the group's `dimension`, `key`, `label`, `n`, `mean`
    and its 95% interval as `ci_lower`, `ci_upper`, `ci_level`."""
    rows: List[Dict[str, Any]] = []
    for question in results.get("questions", []) or []:
        base = {k: v for k, v in question.items() if not isinstance(v, (dict, list))}
        groups = [question["overall"]] if isinstance(question.get("overall"), dict) else []
        groups += [g for g in question.get("groups", []) or [] if isinstance(g, dict)]
        for stats in groups:
            row: Dict[str, Any] = dict(base)
            for k, v in stats.items():
                if not isinstance(v, (dict, list)) and k != "ci":
                    row[k] = v
            ci = stats.get("ci") if isinstance(stats.get("ci"), dict) else {}
            row["ci_lower"], row["ci_upper"], row["ci_level"] = ci.get("lower"), ci.get("upper"), ci.get("level")
            rows.append(row)
    return rows
