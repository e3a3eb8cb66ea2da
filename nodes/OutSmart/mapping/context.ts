import type { IDataObject } from 'n8n-workflow';

import type { WriteKind } from '../schema';
import type { MappingOptions, MappingResult } from './common';

export interface MappingContext {
	options: MappingOptions;
	/** Which OutSmart record kinds the node's resource writes (e.g. a relation item for Contact Person). */
	wants: (kind: WriteKind) => boolean;
}

export type Mapper = (record: IDataObject, context: MappingContext) => MappingResult;
