package ledger.permit.rules.policy;

import ledger.permit.contracts.values.RegionKind;

import java.util.List;

/**
 * A kind of place a clause names, as a filter on regions: every facet given must hold. 湖南 三（一）'s
 * "县级市市区" is {@code {kinds: [COUNTY_CITY]}}; 三（三）'s "长沙、株洲、湘潭三市市辖区" is
 * {@code {within: [430100, 430200, 430300], kinds: [DISTRICT]}}; "城区人口50万以下的地级市" is
 * {@code {kinds: [DISTRICT], cityTiers: [SMALL]}}.
 *
 * @param within      regions the place lies in (the region itself or one containing it)
 * @param kinds       the region's kind
 * @param cityTiers   the size class of its city, as the policy's {@code cityTiers} give it
 * @param centralCity whether it is (true) or is not (false) among the policy's central-city districts
 */
public record Place(List<String> within, List<RegionKind> kinds, List<CitySize> cityTiers, Boolean centralCity) {

    public Place {
        within = within == null ? List.of() : List.copyOf(within);
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
        cityTiers = cityTiers == null ? List.of() : List.copyOf(cityTiers);
    }
}
