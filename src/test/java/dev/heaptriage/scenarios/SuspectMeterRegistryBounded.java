package dev.heaptriage.scenarios;

/**
 * Near miss of {@link SuspectMeterRegistry}: the same {@value SuspectMeterRegistry#USERS} logins, with the user tag
 * capped at {@value SuspectMeterRegistry#MAX_USERS} values ({@code MeterFilter.maximumAllowableTags}). leak-suspects
 * reports nothing at low or above.
 */
public final class SuspectMeterRegistryBounded {
    public static void main(String[] args) throws Exception {
        SuspectMeterRegistry.run(args[0], true);
    }
}
