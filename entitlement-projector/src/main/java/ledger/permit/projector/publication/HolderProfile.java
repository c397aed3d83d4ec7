package ledger.permit.projector.publication;

import ledger.permit.projector.publication.Generalisation.Profile;
import ledger.permit.projector.publication.Generalisation.RegionLevel;
import ledger.permit.projector.publication.Generalisation.Tuple;

import java.util.List;

/**
 * A holder's published profile, and how the regions its messages name are published under it: nothing a message
 * says may be finer than the profile, or the message would single the holder out of its class. Pure.
 *
 * @param tuple the holder's exact attributes now
 * @param level its tuple's level in the {@link Generalisation} chain
 */
record HolderProfile(Tuple tuple, int level) {

    Profile profile() {
        return Generalisation.profile(tuple, level);
    }

    /**
     * A region a message names as the holder's jurisdiction, as published: the profile's, when it is the holder's
     * jurisdiction now; withheld when it is another (one the holder left: with it the holder's moves would single it
     * out).
     *
     * @return the code (null: none or withheld) and the level (null: none)
     */
    Published jurisdiction(String exact) {
        if (exact == null) {
            return new Published(null, null);
        }
        if (exact.equals(tuple.jurisdiction())) {
            Profile profile = profile();
            return new Published(profile.jurisdiction(), profile.jurisdictionLevel());
        }
        return new Published(null, RegionLevel.WITHHELD.name());
    }

    /** A region a message names beside the hukou (where insurance was transferred from): only the published hukou. */
    String hukouRegion(String exact) {
        RegionLevel level = Generalisation.LEVELS.get(this.level).hukou();
        String published = profile().hukou();
        return published != null && published.equals(Generalisation.region(exact, level)) ? published : null;
    }

    /**
     * Whether a policy that governs these regions may be named beside a jurisdiction published at that level: a
     * policy of one prefecture names the prefecture. Beside no jurisdiction, only a policy of the nation.
     */
    static boolean mayName(List<String> policyRegions, String jurisdictionLevel) {
        int published = RegionLevel.valueOf(jurisdictionLevel == null ? RegionLevel.WITHHELD.name()
                : jurisdictionLevel).ordinal();
        return !policyRegions.isEmpty()
                && policyRegions.stream().allMatch(region -> Generalisation.coarseness(region) >= published);
    }

    /** A region as published, and its level. */
    record Published(String code, String level) {
    }
}
