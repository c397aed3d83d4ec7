package ledger.permit.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * Pages a list that the API returns as a JSON array (the array stays the body, as the contract has it):
 * {@code ?page=0&size=50}, with the total in {@code X-Total-Count} and RFC 8288 {@code Link} headers
 * to the first, previous, next and last pages.
 */
public final class Pagination {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    private Pagination() {
    }

    /** A requested page; a refused value is null, so read it only after {@link RequestFields#validate()}. */
    public record PageRequest(Integer page, Integer size) {
    }

    /** Checks {@code page} (from 0) and {@code size} (1 to {@code maxSize}), recording refusals in {@code fields}. */
    public static PageRequest request(RequestFields fields, String rawPage, String rawSize, int defaultSize,
                                      int maxSize) {
        Integer page = rawPage == null ? Integer.valueOf(0)
                : fields.required("page", rawPage, v -> RequestFields.number(v, 0, 1_000_000));
        Integer size = rawSize == null ? Integer.valueOf(defaultSize)
                : fields.required("size", rawSize, v -> RequestFields.number(v, 1, maxSize));
        return new PageRequest(page, size);
    }

    public static <T> ResponseEntity<List<T>> page(List<T> all, String rawPage, String rawSize) {
        RequestFields fields = new RequestFields();
        PageRequest request = request(fields, rawPage, rawSize, DEFAULT_SIZE, MAX_SIZE);
        fields.validate();
        int page = request.page();
        int size = request.size();
        int from = (int) Math.min((long) page * size, all.size());
        int to = Math.min(from + size, all.size());
        int last = all.isEmpty() ? 0 : (all.size() - 1) / size;
        List<String> links = new ArrayList<>();
        links.add(link(0, size, "first"));
        if (page > 0) {
            links.add(link(Math.min(page - 1, last), size, "prev"));
        }
        if (page < last) {
            links.add(link(page + 1, size, "next"));
        }
        links.add(link(last, size, "last"));
        HttpHeaders headers = new HttpHeaders();
        headers.add("X-Total-Count", String.valueOf(all.size()));
        headers.add(HttpHeaders.LINK, String.join(", ", links));
        return ResponseEntity.ok().headers(headers).body(List.copyOf(all.subList(from, to)));
    }

    private static String link(int page, int size, String rel) {
        String uri = ServletUriComponentsBuilder.fromCurrentRequest()
                .replaceQueryParam("page", page).replaceQueryParam("size", size).build().toUriString();
        return "<" + uri + ">; rel=\"" + rel + "\"";
    }
}
