/** See the .js beside it. */
export default function matchesEntirely(text: string, regularExpressionText: string): boolean;
