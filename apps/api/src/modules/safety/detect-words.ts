/**
 * Common English words. A blocked single-word term split in two (`zorb lax`) counts as a deliberate split,
 * except when both halves are ordinary words: `bad words` must not match `badword`, nor `pass word` match
 * `password`. Not a dictionary: the words people actually write around compound terms.
 */
const WORDS = `
a able about above act add after again age ago air all also am an and any are area arm art as ask at away
back bad bag ball bank bar base be bear beat bed been before being best bet big bill bird bit black blue
board boat body book born both box boy break bring brother build bus but buy by call came can car card care
case cat cause cell center change check child city class clear close club code cold come cost could count
country course cover cross cup cut dark data date day dead deal dear deep did die do does dog done door down
draw dream dress drink drive drop dry due during each ear early earth east eat edge egg end even ever every
eye face fact fall far farm fast fat father fear feel feet few field fight file fill film find fine fire
first fish fit five fix floor fly food foot for form four free friend from front full fun game gas gave get
girl give glass go god gold gone good got great green ground group grow gun had hair half hall hand hang
happy hard has hat have he head hear heart heat held hell help her here high hill him his hit hold hole home
hope horse hot hour house how huge i ice idea if ill in into iron is it item its job join just keep key kid
kill kind king know lab lack lady lake land large last late law lay lead leaf learn least leave left leg less
let lie life lift light like line list little live lock long look lord lose lost lot love low mad made mail
main make man many map mark mass may me mean meet men mind mine miss mix mode money month moon more most
mother move much must my name near neck need net new news next nice night no none nor north nose not note
now number of off often oil old on once one only open or order other our out over own pack page pain pair
pan paper part party pass past path pay pen people per pet pick piece pin place plan play point pool poor
post pot power press price pro put quick quiet race rain ran rate raw reach read ready real red rest rich
ride right ring rise road rock role room root rose round row rule run sad safe said sale salt same sand sat
save saw say sea seat second see seem self sell send sense set seven shall she ship shop short shot should
show side sign since sing sit six size skin sky sleep slow small smile snow so soft soil some son song soon
sort sound south space speak spot spring star start state stay step still stock stop store story street
strong such suit sun sure table take talk tall tax tea team tell ten test than that the their them then
there these they thing think this those though three through tie time tip to today too took top total
touch town track trade train tree trip true try turn two type under unit until up upon us use very view
wait walk wall want war warm was wash watch water wave way we wear week well went were west what when where
which while white who whole why wide wife will win wind window wing wish with word work world would write
year yes yet you young your zone
`;

export const COMMON_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));
