import { Field, ObjectType } from 'type-graphql';
import { ListingStatus } from './listing.entity';

@ObjectType({ description: 'The listing’s current status does not allow this change.' })
export class InvalidStatusTransition {
  @Field()
  message: string;

  @Field(() => ListingStatus)
  currentStatus: ListingStatus;

  @Field(() => ListingStatus)
  requestedStatus: ListingStatus;

  constructor(currentStatus: ListingStatus, requestedStatus: ListingStatus) {
    this.currentStatus = currentStatus;
    this.requestedStatus = requestedStatus;
    this.message = `A ${currentStatus.toLowerCase()} listing cannot become ${requestedStatus.toLowerCase()}.`;
  }
}
