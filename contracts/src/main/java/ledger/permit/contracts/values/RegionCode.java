package ledger.permit.contracts.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Map;

/**
 * A GB/T 2260 administrative division code: two digits of province, two of prefecture, two of county.
 * 德宏州 533100, 曲靖市 530300, 临沧市 530900, 湖南省 430000, 长沙 430100.
 */
public record RegionCode(String value) {

    /** GB/T 2260 province-level codes (including Taiwan, Hong Kong and Macao as the standard lists them). */
    static final Map<String, String> PROVINCES = Map.ofEntries(
            Map.entry("11", "北京市"), Map.entry("12", "天津市"), Map.entry("13", "河北省"),
            Map.entry("14", "山西省"), Map.entry("15", "内蒙古自治区"), Map.entry("21", "辽宁省"),
            Map.entry("22", "吉林省"), Map.entry("23", "黑龙江省"), Map.entry("31", "上海市"),
            Map.entry("32", "江苏省"), Map.entry("33", "浙江省"), Map.entry("34", "安徽省"),
            Map.entry("35", "福建省"), Map.entry("36", "江西省"), Map.entry("37", "山东省"),
            Map.entry("41", "河南省"), Map.entry("42", "湖北省"), Map.entry("43", "湖南省"),
            Map.entry("44", "广东省"), Map.entry("45", "广西壮族自治区"), Map.entry("46", "海南省"),
            Map.entry("50", "重庆市"), Map.entry("51", "四川省"), Map.entry("52", "贵州省"),
            Map.entry("53", "云南省"), Map.entry("54", "西藏自治区"), Map.entry("61", "陕西省"),
            Map.entry("62", "甘肃省"), Map.entry("63", "青海省"), Map.entry("64", "宁夏回族自治区"),
            Map.entry("65", "新疆维吾尔自治区"), Map.entry("71", "台湾省"), Map.entry("81", "香港特别行政区"),
            Map.entry("82", "澳门特别行政区"));

    public RegionCode {
        if (value == null) {
            throw new InvalidValueException("region code is missing");
        }
        if (!sixDigits(value)) {
            throw new InvalidValueException("region code must be 6 digits (GB/T 2260)");
        }
        requireKnownProvince(value.substring(0, 2), "region code");
    }

    @JsonCreator
    public static RegionCode of(String value) {
        return new RegionCode(value == null ? null : value.strip());
    }

    /** Whether the text is six ASCII digits (as the pattern [0-9]{6}, without compiling one on every call). */
    private static boolean sixDigits(String value) {
        if (value.length() != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static void requireKnownProvince(String provinceDigits, String what) {
        if (!PROVINCES.containsKey(provinceDigits)) {
            throw new InvalidValueException(what + " starts with " + provinceDigits
                    + ", which is no GB/T 2260 province");
        }
    }

    public String province() {
        return value.substring(0, 2) + "0000";
    }

    public String prefecture() {
        return value.substring(0, 4) + "00";
    }

    /** The region's kind (市辖区, 县级市, 县, ...), or null where the table lacks the code. */
    public RegionKind kind() {
        return Regions.kind(value);
    }

    /** How the ledger names the place: 瑞丽市 533102. */
    public String label() {
        return Regions.label(value);
    }

    /** Whether {@code other} is in this code's prefecture: their {@link #prefecture}s alike, without making either. */
    public boolean samePrefecture(RegionCode other) {
        return value.regionMatches(0, other.value, 0, 4);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
