package ledger.permit.contracts.values;

/** The school level of a child's school year: 初中 (grades 7-9) or 高中 (grades 10-12). */
public enum SchoolLevel {
    JUNIOR_SECONDARY(7, 9),
    SENIOR_SECONDARY(10, 12);

    private final int firstGrade;
    private final int lastGrade;

    SchoolLevel(int firstGrade, int lastGrade) {
        this.firstGrade = firstGrade;
        this.lastGrade = lastGrade;
    }

    public boolean hasGrade(int grade) {
        return grade >= firstGrade && grade <= lastGrade;
    }

    public int firstGrade() {
        return firstGrade;
    }

    public int lastGrade() {
        return lastGrade;
    }
}
