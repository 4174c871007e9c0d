"""GraphML: people, mechanisms and countries as nodes; chairing and membership as weighted edges."""

from __future__ import annotations

from collections import Counter
from typing import Any
from xml.etree import ElementTree as ET

from ..kb.storage import KnowledgeBase

NS = "http://graphml.graphdrawing.org/xmlns"
KEYS = (
    ("kind", "node", "string"),
    ("label", "node", "string"),
    ("relation", "edge", "string"),
    ("weight", "edge", "int"),
)


def graph(meetings: list[dict[str, Any]]) -> tuple[dict[str, dict[str, str]], Counter[tuple[str, str, str]]]:
    """Nodes by id and edge counts: person-chaired-mechanism, mechanism-party-country, person-represents-country."""
    nodes: dict[str, dict[str, str]] = {}
    edges: Counter[tuple[str, str, str]] = Counter()
    for m in meetings:
        mech = f"mechanism:{m['mechanism']['key']}"
        nodes[mech] = {"kind": "mechanism", "label": m["mechanism"]["name"]}
        for party in m["mechanism"]["parties"]:
            nodes[f"country:{party}"] = {"kind": "country", "label": party}
            edges[(mech, f"country:{party}", "party")] = 1
        for chair in m["chairs"]:
            person = f"person:{chair.get('person', chair['name'])}"
            nodes[person] = {"kind": "person", "label": chair["name"]}
            edges[(person, mech, "chaired")] += 1
            if chair.get("country"):
                nodes[f"country:{chair['country']}"] = {"kind": "country", "label": chair["country"]}
                edges[(person, f"country:{chair['country']}", "represents")] += 1
    return nodes, edges


def render_graphml(kb: KnowledgeBase, meetings: list[dict[str, Any]]) -> bytes:
    nodes, edges = graph(meetings)
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}graphml")
    for name, domain, kind in KEYS:
        ET.SubElement(root, f"{{{NS}}}key", {"id": name, "for": domain, "attr.name": name, "attr.type": kind})
    g = ET.SubElement(root, f"{{{NS}}}graph", {"id": "corridor", "edgedefault": "undirected"})
    for node_id, data in sorted(nodes.items()):
        node = ET.SubElement(g, f"{{{NS}}}node", {"id": node_id})
        for key, value in data.items():
            ET.SubElement(node, f"{{{NS}}}data", {"key": key}).text = value
    for i, ((source, target, relation), weight) in enumerate(sorted(edges.items())):
        edge = ET.SubElement(g, f"{{{NS}}}edge", {"id": f"e{i}", "source": source, "target": target})
        ET.SubElement(edge, f"{{{NS}}}data", {"key": "relation"}).text = relation
        ET.SubElement(edge, f"{{{NS}}}data", {"key": "weight"}).text = str(weight)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
