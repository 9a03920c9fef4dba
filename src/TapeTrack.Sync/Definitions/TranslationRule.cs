namespace TapeTrack.Sync.Definitions;

/// <summary>
/// <c>AddTranslation(FIELD, "filter", "translation")</c>, or with <see cref="ConditionField"/>
/// <c>AddTranslation2(FIELD, FIELD2, "filter", "translation")</c>, which filters on FIELD2's value
/// and runs as a second pass.
/// </summary>
/// <param name="Field">The field translated.</param>
/// <param name="Filter">The filter.</param>
/// <param name="Translation">The translation.</param>
/// <param name="ConditionField">The field the filter is matched against in the second pass, or <see langword="null"/> for the first pass.</param>
internal sealed record TranslationRule(SyncField Field, Pattern Filter, TranslationTemplate Translation, SyncField? ConditionField = null);
