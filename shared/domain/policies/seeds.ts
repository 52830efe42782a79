// The seed files the shipped policies (policies/*.yaml) quote, in ../shared/seeds/ (see its
// README). A test checks every quote verbatim against its file; people only ever see the
// document's title and the clause's place.
export const SEED_XIANNVSHAN = '000_1e5c647f9380c8b0.txt';
export const SEED_PLANS = '001_450a4215c6f8d83b.txt';
