package ledger.permit.rules.policy;

/**
 * The size classes of 国发〔2014〕25号 by urban population (城区人口), as 《居住证暂行条例》 Art. 16 and 湖南 三（一）（二）
 * use them. Which city sits in which class is a local parameter ({@code cityTiers}).
 */
public enum CitySize {
    /** Under 0.5 million: 小城市. */
    SMALL,
    /** 0.5 to 1 million: 中等城市. */
    MEDIUM,
    /** 1 to 3 million: Ⅱ型大城市. */
    LARGE,
    /** 3 to 5 million: Ⅰ型大城市. */
    VERY_LARGE,
    /** Over 5 million: 特大城市 and 超大城市. */
    MEGA
}
