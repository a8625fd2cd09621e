"""How the classifier judges British and American spellings it was not tuned on.

"cookie biscuit" is a control: a difference of vocabulary, rightly substantive (lexical).

Each pair is set in the same sentence in two witnesses and collated; a pair should come out
orthographic or typographic. Prints every pair that does not, and the count.

    python bench/spelling_pairs.py
"""

from __future__ import annotations

from collate import Witness, collate_witnesses

PAIRS = [
    "realized realised",
    "organizations organisations",
    "civilization civilisation",
    "judgment judgement",
    "acknowledgment acknowledgement",
    "toward towards",
    "among amongst",
    "while whilst",
    "learned learnt",
    "dreamed dreamt",
    "spelled spelt",
    "burned burnt",
    "encyclopedia encyclopaedia",
    "medieval mediaeval",
    "fetus foetus",
    "license licence",
    "offense offence",
    "practice practise",
    "tire tyre",
    "curb kerb",
    "aluminum aluminium",
    "plow plough",
    "draft draught",
    "pajamas pyjamas",
    "cozy cosy",
    "mustache moustache",
    "ax axe",
    "program programme",
    "skeptic sceptic",
    "gray grey",
    "mold mould",
    "smolder smoulder",
    "maneuvers manoeuvres",
    "traveler traveller",
    "modeling modelling",
    "canceled cancelled",
    "jewelry jewellery",
    "catalogs catalogues",
    "analog analogue",
    "defenses defences",
    "centers centres",
    "theaters theatres",
    "honorable honourable",
    "favorites favourites",
    "neighborhood neighbourhood",
    "color-blind colour-blind",
    "labor's labour's",
    "apologize apologise",
    "paralyze paralyse",
    "fulfillment fulfilment",
    "enrollment enrolment",
    "installment instalment",
    "skillful skilful",
    "willful wilful",
    "sulfur sulphur",
    "anesthesia anaesthesia",
    "estrogen oestrogen",
    "pediatric paediatric",
    "gynecology gynaecology",
    "archeology archaeology",
    "behavior behaviour",
    "rumors rumours",
    "somber sombre",
    "specter spectre",
    "saber sabre",
    "meters metres",
    "liters litres",
    "caliber calibre",
    "luster lustre",
    "vigor vigour",
    "rigor rigour",
    "ardor ardour",
    "clamor clamour",
    "savior saviour",
    "splendor splendour",
    "armor armour",
    "parlor parlour",
    "candor candour",
    "valor valour",
    "humor humour",
    "flavor flavour",
    "rancor rancour",
    "check cheque",
    "checkbook chequebook",
    "jail gaol",
    "whiskey whisky",
    "disk disc",
    "dialog dialogue",
    "epilog epilogue",
    "monolog monologue",
    "sizable sizeable",
    "likable likeable",
    "aging ageing",
    "artifact artefact",
    "donut doughnut",
    "furor furore",
    "airplane aeroplane",
    "percent per cent",
    "afterward afterwards",
    "backward backwards",
    "upward upwards",
    "onward onwards",
    "skeptical sceptical",
    "counselor counsellor",
    "marvelous marvellous",
    "woolen woollen",
    "jeweler jeweller",
    "quarreled quarrelled",
    "signaled signalled",
    "totaled totalled",
    "labeled labelled",
    "leveled levelled",
    "fueled fuelled",
    "dialed dialled",
    "marshaled marshalled",
    "defense defence",
    "pretense pretence",
    "vise vice",
    "mollusk mollusc",
    "plowed ploughed",
    "molt moult",
    "tidbit titbit",
    "wagon waggon",
    "cookie biscuit",
    "inquire enquire",
    "inquiry enquiry",
    "ameba amoeba",
    "esophagus oesophagus",
    "maneuver manoeuvre",
    "cesarean caesarean",
    "hemorrhage haemorrhage",
    "leukemia leukaemia",
    "diarrhea diarrhoea",
    "ocher ochre",
    "sepulcher sepulchre",
    "meager meagre",
    "somber sombre",
    "goiter goitre",
    "miter mitre",
    "niter nitre",
    "louver louvre",
    "reconnoiter reconnoitre",
    "fulfills fulfils",
    "distills distils",
    "instills instils",
    "enthrall enthral",
    "appall appal",
    "installs instals",
]


def main() -> None:
    off = []
    for pair in PAIRS:
        american, british = pair.split(" ", 1)
        collation = collate_witnesses(
            [Witness("US", f"He said {american} twice."), Witness("UK", f"He said {british} twice.")]
        )
        for variant in collation.variants:
            if variant.type not in ("orthographic", "typographic"):
                off.append((american, british, variant.type, variant.subtype, variant.reason))
    for row in off:
        print(*row, sep="\t")
    substantive = sum(1 for row in off if row[2] == "substantive")
    print(
        f"{len(PAIRS) - len(off)} of {len(PAIRS)} pairs orthographic or typographic; "
        f"{len(off) - substantive} typo; {substantive} substantive"
    )


if __name__ == "__main__":
    main()
