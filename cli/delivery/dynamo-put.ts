import { ConditionalCheckFailedException, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DELIVERY_LAMBDA } from '../../domain/naming';
import type { ConditionalPut } from './delivery-ids';

const DELIVERY_ID_KEY = DELIVERY_LAMBDA.tableKey;
const DELIVERY_ID_EXPIRES = DELIVERY_LAMBDA.tableExpiry;

/** ConditionalPut over DynamoDB PutItem with `attribute_not_exists` on the key. */
export function dynamoConditionalPut(client: DynamoDBClient): ConditionalPut {
  return {
    async putIfAbsent(table, id, expiresAtSeconds) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: table,
            Item: { [DELIVERY_ID_KEY]: { S: id }, [DELIVERY_ID_EXPIRES]: { N: String(expiresAtSeconds) } },
            ConditionExpression: 'attribute_not_exists(#id)',
            ExpressionAttributeNames: { '#id': DELIVERY_ID_KEY },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}
