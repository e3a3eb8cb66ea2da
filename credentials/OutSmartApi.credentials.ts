import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/**
 * OutSmart (WerkbonApp) OpenAPI v8. Every call carries the customer token and the software token as query
 * parameters; recent clients also send the customer token as a Bearer header, which OutSmart accepts.
 */
export class OutSmartApi implements ICredentialType {
	name = 'outSmartApi';

	displayName = 'OutSmart API';

	icon: Icon = { light: 'file:outsmart.svg', dark: 'file:outsmart.dark.svg' };

	documentationUrl = 'https://knowledge.out-smart.com/openapi/';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.out-smart.com/openapi/8',
			description: 'OutSmart API address including the version, e.g. https://app.out-smart.com/openapi/8',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your OutSmart customer (account) token, from OutSmart under Settings > Koppelingen',
		},
		{
			displayName: 'Software Token',
			name: 'softwareToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The software token OutSmart issued for this integration package',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			qs: {
				token: '={{$credentials.token}}',
				software_token: '={{$credentials.softwareToken}}',
			},
			headers: {
				Authorization: '=Bearer {{$credentials.token}}',
			},
		},
	};

	/**
	 * OutSmart answers HTTP 200 with an error code in the body, so the rules look at `code`; each rule turns
	 * one of OutSmart's authentication codes into a sentence that says which field to fix.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{String($credentials.baseUrl).replace(/\\/+$/, "")}}',
			url: '/employees/',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 1004,
					message:
						'OutSmart does not recognise the Token. Copy the customer token again from OutSmart (Settings > Koppelingen) into "Token".',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 1005,
					message:
						'The Token is valid, but OutSmart does not accept the Software Token for it. Check "Software Token": it must be the one OutSmart issued for this integration and linked to your account.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 1002,
					message: 'The Token is empty. Fill in your OutSmart customer token.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 1003,
					message: 'The Software Token is empty. Fill in the software token OutSmart issued for this integration.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 1001,
					message:
						'The Base URL does not point at the OutSmart API. Use the address including /openapi/8, e.g. https://app.out-smart.com/openapi/8.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 1006,
					message: 'OutSmart requires HTTPS. Change the Base URL to start with https://.',
				},
			},
		],
	};
}
