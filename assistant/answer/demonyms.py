"""Countries and the adjectives news copy uses for them: "France's minister" ~ "French minister",
"an Australian side" ~ "Australia". One word each, and none that is as often a name: not "Jordanian"
(Michael Jordan would be a country), "Chadian" or "Cuban"."""

DEMONYMS = {
    "french": "france", "ukrainian": "ukraine", "russian": "russia", "british": "britain", "english": "england",
    "german": "germany", "italian": "italy", "spanish": "spain", "norwegian": "norway", "polish": "poland",
    "american": "america", "chinese": "china", "dutch": "netherlands", "belgian": "belgium", "swedish": "sweden",
    "finnish": "finland", "danish": "denmark", "turkish": "turkey", "greek": "greece", "japanese": "japan",
    "korean": "korea", "indian": "india", "israeli": "israel", "iranian": "iran", "latvian": "latvia",
    "lithuanian": "lithuania", "estonian": "estonia", "czech": "czechia", "romanian": "romania",
    "hungarian": "hungary", "portuguese": "portugal", "swiss": "switzerland", "austrian": "austria",
    "canadian": "canada", "european": "europe", "belarusian": "belarus", "georgian": "georgia", "moldovan": "moldova",
    "irish": "ireland", "scottish": "scotland", "australian": "australia", "brazilian": "brazil", "mexican": "mexico",
    "argentine": "argentina", "argentinian": "argentina", "chilean": "chile", "colombian": "colombia",
    "peruvian": "peru", "venezuelan": "venezuela", "egyptian": "egypt", "nigerian": "nigeria", "kenyan": "kenya",
    "ethiopian": "ethiopia", "moroccan": "morocco", "algerian": "algeria", "tunisian": "tunisia", "libyan": "libya",
    "sudanese": "sudan", "iraqi": "iraq", "syrian": "syria", "lebanese": "lebanon", "afghan": "afghanistan",
    "pakistani": "pakistan", "bangladeshi": "bangladesh", "nepalese": "nepal", "thai": "thailand",
    "vietnamese": "vietnam", "indonesian": "indonesia", "malaysian": "malaysia", "filipino": "philippines",
    "singaporean": "singapore", "taiwanese": "taiwan", "mongolian": "mongolia", "kazakh": "kazakhstan",
    "armenian": "armenia", "azerbaijani": "azerbaijan", "serbian": "serbia", "croatian": "croatia",
    "bosnian": "bosnia", "slovenian": "slovenia", "slovak": "slovakia", "bulgarian": "bulgaria", "albanian": "albania",
    "icelandic": "iceland", "cypriot": "cyprus", "maltese": "malta", "welsh": "wales", "palestinian": "palestine",
    "yemeni": "yemen", "somali": "somalia", "ghanaian": "ghana", "ugandan": "uganda", "qatari": "qatar",
    "kuwaiti": "kuwait", "omani": "oman",
}
