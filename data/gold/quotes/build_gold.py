#!/usr/bin/env python3
"""Builds gold.jsonl for the quotation test articles in texts/ (the format of
../shared/eval/polnear: per article, quotes with content spans in characters, direct or not,
the source span and the names the source stands for).

Each quotation is given by its exact text (the first occurrence after the previous quotation of
the article), its source text and the speaker's names; run this after editing the table below.

    python3 data/gold/quotes/build_gold.py
"""
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (content, direct, source text, speaker names)
QUOTES = {
    "wire-2024-03-05-port-strike.txt": [
        ("We have waited eleven months for a fair offer and we have nothing to show for it,", True,
         "Pieter Claes", ["Pieter Claes", "Claes"]),
        ("Our members are angry, and they are right to be.", True,
         "Pieter Claes", ["Pieter Claes", "Claes"]),
        ("the union would keep the port closed until the operators returned to the table", False,
         "Claes", ["Pieter Claes", "Claes"]),
        ("The offer on the table is generous and remains open. We urge the union to put it to a vote.",
         True, "it", ["The Port Authority", "Port Authority"]),
        ("ships were already being diverted to Rotterdam", False,
         "Marie Dubois", ["Marie Dubois", "Dubois"]),
        ("Every day of this strike costs the region millions,", True,
         "she", ["Marie Dubois", "Dubois"]),
        ("Nobody wins from a closed port.", True, "she", ["Marie Dubois", "Dubois"]),
        ("the labour ministry was ready to mediate", False,
         "A senior government official", ["A senior government official", "the official"]),
        ("We are talking to both sides,", True,
         "the official", ["A senior government official", "the official"]),
    ],
    "wire-2024-04-11-flood-relief.txt": [
        ("food and clean water were running short in villages cut off by the worst river floods in decades",
         False, "Aid groups", ["Aid groups"]),
        ("Some villages have been without fresh water for four days. Our trucks cannot reach them because the bridges are gone.",
         True, "Anna Kovacs", ["Anna Kovacs", "Kovacs"]),
        ("We are asking the army for boats and helicopters,", True,
         "she", ["Anna Kovacs", "Kovacs"]),
        ("troops had been sent to the worst-hit areas", False,
         "The interior minister, Gabor Nagy", ["Gabor Nagy", "Nagy"]),
        ("No one will be left behind,", True, "Nagy", ["Gabor Nagy", "Nagy"]),
        ("We have heard promises before,", True,
         "Istvan Toth", ["Istvan Toth", "Toth"]),
        ("always comes too late for people like us.", True, "He", ["Istvan Toth", "Toth"]),
    ],
    "wire-2024-06-18-city-budget.txt": [
        ("she would sign the budget", False, "Mayor Elena Rossi", ["Elena Rossi", "Rossi"]),
        ("It is not the budget I wanted, but it keeps every branch open,", True,
         "the mayor", ["Elena Rossi", "Rossi"]),
        ("We were asked to choose between roads and books, and that is a false choice,", True,
         "she", ["Elena Rossi", "Rossi"]),
        ("I will keep pressing for more.", True, "she", ["Elena Rossi", "Rossi"]),
        ("the national government would review the city's request for emergency funds", False,
         "Sen. Marco Bellini", ["Marco Bellini", "Bellini"]),
        ("The request is reasonable and it will be heard,", True,
         "the senator", ["Marco Bellini", "Bellini"]),
        ("Rome has made promises to this city for years,", True, "he", ["Paolo Ferri", "Ferri"]),
    ],
    "wire-2024-07-09-harbour-bridge.txt": [
        ("The reopening of the Harbour Bridge will slip to next spring", False,
         "the city council", ["the city council", "city council"]),
        ("would cost them another summer", False, "traders", ["traders"]),
        ("the steel ordered for the new deck had failed inspection", False,
         "Transport councillor Rui Almeida", ["Rui Almeida", "Almeida"]),
        ("had ignored three warnings from the engineers", False, "he", ["Rui Almeida", "Almeida"]),
        ("We would rather open late than open a bridge we cannot trust,", True,
         "he", ["Rui Almeida", "Almeida"]),
        ("the council sees the delay as what he calls \u201ca price worth paying for safety\u201d",
         False, "Almeida", ["Rui Almeida", "Almeida"]),
        ("the company's steel met every standard the contract set", False,
         "Sousa, the Ferro Norte chairman,", ["Paulo Sousa", "Sousa"]),
        ("the council had not spoken to the traders once", False,
         "Ana Pereira", ["Ana Pereira", "Pereira"]),
        ("Nobody asked us how we would survive another winter,", True,
         "she", ["Ana Pereira", "Pereira"]),
        ("the contract allowed the council to claim damages from the supplier", False,
         "The city's mayor, Carla Mendes,", ["Carla Mendes", "Mendes"]),
        ("We will recover every euro this delay costs,", True, "the mayor",
         ["Carla Mendes", "Mendes"]),
        ("This bridge is a national priority and it will be finished,", True,
         "the prime minister", ["Luis Costa", "Costa"]),
    ],
}


def main():
    lines = []
    for doc, quotes in QUOTES.items():
        text = (HERE / "texts" / doc).read_text(encoding="utf-8")
        pos, out = 0, []
        for n, (content, direct, source, names) in enumerate(quotes, 1):
            start = text.index(content, pos)
            end = start + len(content)
            # The source: its nearest occurrence around the quotation.
            before = text.rfind(source, 0, start)
            after = text.find(source, end)
            s = after if before < 0 or (after >= 0 and after - end < start - before) else before
            out.append({"id": f"Q{n}", "spans": [[start, end]], "text": content, "direct": direct,
                        "source": [[s, s + len(source)]], "source_text": source,
                        "speaker_names": [source] + names})
            pos = start + 1
        lines.append(json.dumps({"doc": doc, "quotes": out}, ensure_ascii=False))
    (HERE / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"gold.jsonl: {sum(len(q) for q in QUOTES.values())} quotations")


if __name__ == "__main__":
    main()
