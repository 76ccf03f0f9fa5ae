// Compact, hand-made lists for the password policy (see passwords.ts). Most entries of the big
// public breach lists are shorter than the minimum length and are already refused by it; what is
// left is the classic pattern of a common word with digits and symbols around it ("Welcome2024!"),
// so these are the base words that pattern is built on, plus long passwords that are common whole.
// Written as one space-separated string each so the module stays small and side-effect free.

/** Common base words and short patterns, lower case, compared after digits and symbols at either end are stripped. */
export const COMMON_PASSWORD_WORDS = `
00000000 0987654321 11111111 11223344 112233445566 12121212 123123123 123321 12345678 123456789
1234567890 12345678910 123abc 123qwe 131313 147258369 159753 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y
1qaz2wsx 1qaz2wsx3edc 654321 696969 987654321 a1b2c3 a1b2c3d4 aa123456 abc abc123 abc12345 abcd
abcde abcdef abcdefg abcdefgh abcdefghi abcdefghij abcdefghijk abcdefghijkl access accessdenied
admin administrator alfie amelia amy android angel angels anything apple april arsenal asd123
asdfasdf asdfgh asdfghjkl ashley audi august autumn ava azerty azertyuiop babe baby babygirl
bailey banana baseball basketball batman beach believe bella billion blessed bmw borough britain
brother business buster butterfly cash celtic champion change changeit changeme charlie cheese
chelsea children childrens chloe chocolate christ college company computer contrasena cookie
cookies council county cowboy cricket crystal daddy daisy daniel darling december default demo
diamond diamonds dollar dolphin dragon dragons eagle education ellie emily emma england everton
everything example facebook faith falcon family father february ferrari flower flowers
followthrough football forever freedom friday friends george ginger god godisgood golden golf
google grace guest hannah happy harley harry heaven hello hello123 helloworld hero hockey honda
honey hope horse hunter hunter2 iloveu iloveyou improvement inspection instagram internet iphone
ireland ironman isla island jack jacob jade james january jennifer jessica jesus job jordan
jordan23 joshua july june katie killer knight laura leeds leedsunited legend letmein letmeinnow
linkedin lion liverpool login logon lola london love lovely loveme lover loveyou lucky lucky7
lucy maggie manchester manchesterunited manutd march master matrix max mercedes michael michelle
microsoft million molly monday money monkey moonlight motdepasse mother mummy mustang mylove
myself naruto newcastle nicole ninja noah nobody nothing november ocean october office ofsted
oliver olivia orange oscar p4ssw0rd p4ssword pa55w0rd pa55word paradise pass passw0rd passw0rd1
password password1 password12 password123 password1234 password12345 passwort peace peanut pepper
phoenix pirate pokemon poppy porsche power princess purple pw q1w2e3r4 q1w2e3r4t5 qazwsx
qazwsxedc qq123456 qwe123 qweasd qweasdzxc qwerty qwerty123 qwertyqwerty qwertyuiop
qwertyuiopasdfghjkl qwertz rainbow rangers rebecca rich rockstar root rosie rugby safeguarding
sample samsung samuel samurai sarah saturday school scooby scotland secret secret1 secrets
september shadow shalom silver sister smile snoopy soccer social socialcare socialwork
socialworker somebody something sophie spiderman spring starlight starwars strength strong
student success summer sunday sunrise sunset sunshine superman superstar sweetheart sysadmin
system teacher teddy tennis test test123 tester testing testtest thomas thursday tiger tigger
together tottenham toyota trustme trustno1 tuesday twitter university user username vampire
victory wachtwoord wales warrior wednesday welcome welcomeback westham whatever william windows
winner winter wizard work yamaha yellow zaq12wsx zaq1xsw2 zombie zxc123 zxcvbn zxcvbnm zxcvzxcv
`;

/** Common passwords of twelve characters or more, compared whole (lower case). */
export const COMMON_LONG_PASSWORDS = `
000000000000 111111111111 121212121212 123123123123 123456123456 123456789012 1234567890123
1234567890qwerty 123456789abc 1q2w3e4r5t6y 1q2w3e4r5t6y7u 1qaz2wsx3edc4rfv 987654321098
abc123456789 administrator1 administrator123 battery changeme1234 changeme12345 chocolate1234
correct correcthorsebatterystaple football1234 horse iloveyou1234 iloveyouiloveyou letmeinletmein
liverpool1234 manchester123 password1234 password12345 password123456 passwordpassword
princess1234 q1w2e3r4t5y6 qwerty1234567 qwertyqwertyqwerty qwertyuiop123 qwertyuiop1234 staple
starwars1234 sunshine1234 superman1234 thequickbrownfox thequickbrownfoxjumpsoverthelazydog
trustno1trustno1 welcome12345 welcome123456 welcome2024! welcome2025! welcome2026! zaq12wsxcde3
`;
