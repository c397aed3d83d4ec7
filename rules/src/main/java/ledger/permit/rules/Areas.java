package ledger.permit.rules;

import ledger.permit.contracts.values.RegionCode;
import ledger.permit.rules.policy.Area;

import java.util.List;

/** Whether a fact's region lies in the area a condition asks for, around the permit's jurisdiction. */
final class Areas {

    private Areas() {
    }

    static boolean contains(Area area, RegionCode jurisdiction, RegionCode where, List<String> centralCity) {
        return switch (area) {
            case ANYWHERE -> true;
            case PROVINCE -> where.value().regionMatches(0, jurisdiction.value(), 0, 2);
            case PREFECTURE -> where.samePrefecture(jurisdiction);
            case COUNTY -> where.equals(jurisdiction);
            case CENTRAL_CITY -> centralCity.contains(where.value());
        };
    }
}
