/** UpdateTimeToLive's validation errors, as DynamoDB Local 3.3.0 words them. */
export const TIME_TO_LIVE_MESSAGES = {
  missingSpecification: 'TimeToLiveSpecification cannot be null',
  missingAttributeName: 'AttributeName cannot be null when time to live is being enabled',
  attributeNameLength:
    'Names of key attributes and attributes projected into an index must be between 1 and 255 characters, inclusive',
  alreadyEnabled: 'TimeToLive is already enabled',
  alreadyDisabled: 'TimeToLive is already disabled',
  otherAttribute: 'TimeToLive is active on a different AttributeName'
} as const
