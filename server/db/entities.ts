import { Country } from '../modules/country/country.entity';
import { Theme } from '../modules/theme/theme.entity';
import { Contact, ForeignActor, LocalAuthority } from '../modules/authority/authority.entity';
import { Funding, Relationship } from '../modules/relationship/relationship.entity';
import { Listing } from '../modules/listing/listing.entity';
import { Embassy, EmbassyCorrespondent } from '../modules/embassy/embassy.entity';

export const ENTITIES = [Country, Theme, LocalAuthority, Contact, ForeignActor, Relationship, Funding, Listing, Embassy, EmbassyCorrespondent];
