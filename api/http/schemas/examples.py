"""Example data for the OpenAPI document (valid requests, usable as they are)."""

from __future__ import annotations

from typing import Any

SCENARIO: dict[str, Any] = {
    "name": "Three pilot clusters (illustrative)",
    "currency": "RUB",
    "money_unit": "million roubles",
    "criteria": [
        {"id": "innovation_novelty", "type": "benefit"},
        {"id": "export_potential", "type": "benefit", "unit": "% of world market"},
        {"id": "investment_risk", "type": "cost"},
    ],
    "weights": {"values": {"innovation_novelty": 0.5, "export_potential": 0.3, "investment_risk": 0.2}},
    "projects": [
        {"id": "tomsk_education", "values": {"innovation_novelty": 8, "export_potential": 1.2, "investment_risk": 3}},
        {"id": "leningrad_gas", "values": {"innovation_novelty": 5, "export_potential": 16.9, "investment_risk": 7}},
        {"id": "kostroma_jewellery", "values": {"innovation_novelty": 4, "export_potential": 0.7, "investment_risk": 2}},
    ],
    "ranking": {"methods": ["topsis", "promethee_ii"]},
}
