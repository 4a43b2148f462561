package dev.edgeplane.lb.decide.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small, stable ids for node names, so that per-plan lookups are array accesses instead of hash
 * lookups. Ids are never reused. Confined to the planner's thread.
 */
public final class NameIds {

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    /** Returns the id of a name, assigning the next free id to a name seen for the first time. */
    public int idOf(String name) {
        Integer id = ids.get(name);
        if (id == null) {
            id = names.size();
            ids.put(name, id);
            names.add(name);
        }
        return id;
    }

    public String nameOf(int id) {
        return names.get(id);
    }
}
