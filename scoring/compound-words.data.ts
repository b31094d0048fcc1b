/**
 * Common Swedish words (base forms) that occur as parts of public-sector and technology compounds,
 * written for this project. Together with the lexicon's Swedish words and the fit corpus's Swedish
 * words they are the vocabulary compounds are split against.
 */
export const BUILT_IN_COMPOUND_WORDS: readonly string[] = `
arbete verksamhet drift hantering styrning stöd hjälp kontroll kund köp försäljning handel pris
värde ekonomi marknad vatten luft mark jord sten trä glas papper plast metall stål olja gas ljus
ljud färg yta rum väg bro hamn flyg tåg båt fartyg cykel lager förråd djur växt hem hus gård
plan process tid dag natt vecka år månad system tjänst del delning dela service information
nät nätverk central enhet grupp team lag ledning ledare chef personal medarbetare skola elev
barn förälder familj vård omsorg hälsa sjuk läkare sköterska sjukhus klinik mottagning apotek
äldre ung vuxen kvinna man person människa invånare medborgare kommun region stad land stat
utveckling förbättring förändring utbyte samverkan samarbete nätverk kunskap kompetens språk
energi el värme kyla kraft ström sol vind förnybar batteri laddning lagring överskott
återvinning återbruk avfall sortering insamling transport resa fordon bil buss last logistik
leverans tjänst plattform digital data analys sensor mätning övervakning larm säkerhet trygghet
bostad boende lokal golv vägg tak fönster dörr kök städning underhåll renovering bygg byggnad
fastighet förvaltning upphandling avtal budget kostnad besparing miljö klimat utsläpp natur park
mat måltid livsmedel svinn skydd brand räddning polis kris beredskap olycka fall frånvaro närvaro
dialog möte samtal röst text bild film video spel lek idrott kultur bibliotek museum turism
teknik teknologi lösning verktyg produkt tillverkning material design användare gränssnitt
kvalitet uppföljning utvärdering bedömning prov betyg lärande undervisning utbildning forskning
innovation test pilot modell simulering optimering planering bokning schema kö ärende dokument
arkiv register identitet inloggning betalning faktura konto bank pengar bidrag stöd försörjning
arbetsmarknad jobb anställning rekrytering integration bemanning ekonomi styr mätare räknare
`
  .split(/\s+/)
  .filter((word) => word.length > 0);
