package workshop.sharedstate;

import java.util.ArrayList;
import java.util.List;

/** One user's cart. Its methods are synchronized: two tabs of one user take turns, briefly. */
final class Cart {

    private final List<String> items = new ArrayList<>();

    /** Adds an item; returns a copy of the cart, safe to hand to slow code. */
    synchronized List<String> add(String item) {
        items.add(item);
        return List.copyOf(items);
    }

    synchronized List<String> items() {
        return List.copyOf(items);
    }

    /** Empties the cart in one step; returns what was in it. */
    synchronized List<String> takeAll() {
        List<String> taken = List.copyOf(items);
        items.clear();
        return taken;
    }
}
