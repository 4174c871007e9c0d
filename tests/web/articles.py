"""Short articles written for the web tests: one mechanism over several rounds with a gap, a round two
sources disagree about, CPEC 2.0 corridors and 5Es, and another pair of countries."""

from __future__ import annotations

ARTICLES: dict[str, str] = {
    "igc-2nd.txt": """TASHKENT, March 10, 2021 (APP): The 2nd session of the Pakistan-Uzbekistan Inter-Governmental Commission was held in Tashkent on 9 March 2021.

The session was co-chaired by Pakistan's Minister for Commerce Ayesha Tariq and Uzbekistan's Minister of Investment, Industry and Trade Bakhtiyor Saidov.

The two sides agreed to raise bilateral trade and to cooperate in textiles and agriculture.
""",
    "igc-3rd.txt": """ISLAMABAD, June 16, 2022 (APP): The 3rd session of the Pakistan-Uzbekistan Inter-Governmental Commission was held in Islamabad on 15 June 2022.

The session was co-chaired by Pakistan's Minister for Commerce Ayesha Tariq and Uzbekistan's Minister of Investment, Industry and Trade Bakhtiyor Saidov.

The two sides agreed to build a railway through Afghanistan and to expand energy cooperation.
""",
    "igc-5th.txt": """TASHKENT, May 21, 2024 (APP): The 5th session of the Pakistan-Uzbekistan Inter-Governmental Commission was held in Tashkent on 20 May 2024.

The session was co-chaired by Pakistan's Minister for Finance Ayesha Tariq and Uzbekistan's Minister of Investment, Industry and Trade Bakhtiyor Saidov.

The two sides agreed to open a joint industrial zone and to cooperate in pharmaceuticals.
""",
    "jcc-14th-a.txt": """Published: 12 October 2025

ISLAMABAD: The 14th meeting of the CPEC Joint Cooperation Committee was held in Islamabad on 11 October 2025.

The meeting was co-chaired by Minister for Planning, Development and Special Initiatives Khalid Rasheed and NDRC Vice Chairman Lin Haoran.

The two sides agreed to build five new corridors under CPEC 2.0: a growth corridor, a livelihood-enhancing corridor, an innovation corridor, a green corridor and an open corridor.

Khalid Rasheed said that the green corridor under CPEC would serve Pakistan's 5Es framework of exports, E-Pakistan, environment, energy and equity.
""",
    "jcc-14th-b.txt": """Published: 13 October 2025

BEIJING: The 14th meeting of the CPEC Joint Cooperation Committee was held in Beijing on 10 October 2025.

The two sides agreed to speed up work on the special economic zones and to expand cooperation in agriculture.
""",
    "in-np-8th.txt": """KATHMANDU, 6 February 2025 - The 8th meeting of the India-Nepal Joint Commission was held in Kathmandu on 5 February 2025.

External Affairs Minister of India Rajiv Menon and Foreign Minister of Nepal Bimala Adhikari co-chaired the meeting.

The two sides agreed to expand cooperation in hydropower and cross-border power transmission.
""",
}

PASTED = """ISLAMABAD, July 3, 2026 (APP): The 6th session of the Pakistan-Uzbekistan Inter-Governmental Commission was held in Islamabad on 2 July 2026.

The session was co-chaired by Pakistan's Minister for Commerce Ayesha Tariq and Uzbekistan's Minister of Investment, Industry and Trade Bakhtiyor Saidov.

The two sides agreed to double the trade in cotton and to cooperate on a new logistics hub.
"""

# Markup and script in every stored field: pages must show it as text.
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
