"""Countries and the adjectives news copy uses for them: "France's minister" ~ "French minister"."""

DEMONYMS = {
    "french": "france", "ukrainian": "ukraine", "russian": "russia", "british": "britain", "english": "england",
    "german": "germany", "italian": "italy", "spanish": "spain", "norwegian": "norway", "polish": "poland",
    "american": "america", "chinese": "china", "dutch": "netherlands", "belgian": "belgium", "swedish": "sweden",
    "finnish": "finland", "danish": "denmark", "turkish": "turkey", "greek": "greece", "japanese": "japan",
    "korean": "korea", "indian": "india", "israeli": "israel", "iranian": "iran", "latvian": "latvia",
    "lithuanian": "lithuania", "estonian": "estonia", "czech": "czechia", "romanian": "romania",
    "hungarian": "hungary", "portuguese": "portugal", "swiss": "switzerland", "austrian": "austria",
    "canadian": "canada", "european": "europe", "belarusian": "belarus", "georgian": "georgia", "moldovan": "moldova",
    "irish": "ireland", "scottish": "scotland",
}
