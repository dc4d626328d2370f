package workshop.sharedstate;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import workshop.grader.Answered;
import workshop.grader.Checks;
import workshop.grader.Env;
import workshop.grader.Failure;
import workshop.grader.Hint;
import workshop.grader.Http;
import workshop.grader.RawConnection;
import workshop.grader.Reply;
import workshop.grader.Request;
import workshop.grader.ServerProcess;
import workshop.grader.Servers;
import workshop.grader.Symptom;
import workshop.grader.Soft;
import workshop.grader.Together;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks of exercise 04, in the order of the README's steps. */
@Symptom(shows = CartServerTest.STATS_RACE, step = 5,
        hint = "GET /stats answered 500: stats() reads recentRequests while other requests add to it. Copy it inside the same synchronized block that guards the adds, and use only the copy (step 5). 500s on /cart or /checkout are step 4's.")
@Symptom(shows = "java.util.ConcurrentModificationException", step = 4,
        hint = "The replies name a ConcurrentModificationException: a shared list or map changed while another request read it. Share only thread-safe objects: a ConcurrentHashMap, lists replaced whole with merge, and reads under the lock that guards the writes.")
@Symptom(shows = "java.lang.ArrayIndexOutOfBoundsException", step = 4,
        hint = "The replies name an ArrayIndexOutOfBoundsException: two threads changed one ArrayList at once and broke it. Share only thread-safe objects: a ConcurrentHashMap, lists replaced whole with merge, and reads under the lock that guards the writes.")
@Symptom(shows = "java.lang.IndexOutOfBoundsException", step = 4,
        hint = "The replies name an IndexOutOfBoundsException: two threads changed one ArrayList at once and broke it. Share only thread-safe objects: a ConcurrentHashMap, lists replaced whole with merge, and reads under the lock that guards the writes.")
@Symptom(shows = "expected a new order number", step = 3,
        hint = "Two checkouts got the same order number: the number was read, then written back only after the slow save. Take it in one atomic step, before the save: lastOrderNumber.incrementAndGet() on an AtomicInteger.")
@Symptom(shows = "java.lang.OutOfMemoryError", step = 5,
        hint = "The server ran out of memory: something shared grows with every request. Keep only the last 100 requests for GET /stats.")
@Checks(exercise = "exercise-04-shared-state", mainClass = "workshop.sharedstate.CartServer")
class CartServerTest {

    /** What a 500 on GET /stats means in the mixed load; the step-5 symptom looks for these words. */
    static final String STATS_RACE = "GET /stats reads the recent requests while other requests add to them";

    /**
     * The checks that send hundreds or thousands of requests take turns: side by side on a 2-core
     * machine, each would wait for the others' clients and servers, and a correct answer could run
     * past a check's 15 s. The light checks still run beside them.
     */
    private static final String HEAVY_LOAD = "thousands of requests";

    private static final Pattern ORDER = Pattern.compile("order (\\d+) for (\\S+): (.*)\n");
    private static final Pattern REQUESTS_SERVED = Pattern.compile("(?m)^requests served: (\\d+)$");
    private static final Pattern ORDERS_PLACED = Pattern.compile("(?m)^orders placed: (\\d+)$");
    private static final Pattern RECENT_KEPT = Pattern.compile("(?m)^recent requests kept: (\\d+)");

    /** A fresh name for each run, so that nothing a server remembers from elsewhere can match by luck. */
    private static String unique(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
    }

    private static ServerProcess startWithDelay(Servers servers, int storageDelayMillis) {
        return servers.start(Env.defaults().set("STORAGE_DELAY_MS", Integer.toString(storageDelayMillis)));
    }

    @Test
    @DisplayName("serves one user: adds items, shows the cart, checks out, and logs each request")
    @Hint(step = 0, value = "This works in the untouched server: keep it working while you fix the leaks. The replies are listed under \"Endpoints\" in the README.")
    void serves_one_user(ServerProcess server) {
        String user = unique("ada");
        Reply apple = Http.send(server, Ask.add(user, "apple"));
        // A parameter the service does not know is ignored: the contract says only item counts.
        Reply pear = Http.send(server, Ask.as(user, "POST", "/cart?item=pear&from=home"));
        Reply cart = Http.send(server, Ask.view(user));
        Reply order = Http.send(server, Ask.checkout(user));
        Reply after = Http.send(server, Ask.view(user));
        // Every request that needs a user, asked by nobody: each answers 401 before doing anything. (A method the
        // path does not serve may get its 405 first: the contract leaves that order open.)
        List<Reply> nobody = List.of(Ask.view(null), Ask.add(null, "apple"), Ask.checkout(null)).stream()
                .map(ask -> Http.send(server, ask)).toList();

        Soft.assertSoftly(softly -> {
            softly.check(() -> assertThat(apple.body()).as("reply to  %s", apple.curl()).isEqualTo("added apple to " + user + "'s cart: apple\n"));
            softly.check(() -> assertThat(pear.body()).as("reply to  %s", pear.curl()).isEqualTo("added pear to " + user + "'s cart: apple, pear\n"));
            softly.check(() -> assertThat(cart.body()).as("reply to  %s", cart.curl()).isEqualTo(user + "'s cart: apple, pear\n"));
            softly.check(() -> assertThat(order.body()).as("reply to  %s", order.curl()).matches("order \\d+ for " + Pattern.quote(user) + ": apple, pear\n"));
            softly.check(() -> assertThat(after.body()).as("reply to  %s  after the checkout", after.curl()).isEqualTo(user + "'s cart is empty\n"));
            for (Reply anonymous : nobody) {
                softly.check(() -> assertThat(anonymous.status()).as("status of  %s  (no X-User header: nobody)", anonymous.curl()).isEqualTo(401));
            }
            softly.check(() -> assertThat(server.awaitStdoutLine(line -> line.contains("POST /cart?item=apple"), Duration.ofSeconds(2)))
                    .as("a log line with the method and URL of  %s", apple.curl()).isPresent());
        });
    }

    /** The storage delay of the check that times storage writes: far above what a request takes without one. */
    private static final int TIMED_DELAY = 300;

    @Test
    @DisplayName("waits STORAGE_DELAY_MS for each storage write, and answers after it")
    @Hint(step = 0, value = "The untouched server reads STORAGE_DELAY_MS (default 50) and gives it to Storage, and each request answers after its storage call returns: keep both. The checks slow the storage down to make requests overlap; a server that ignores the setting hides its leaks from them.")
    void waits_for_each_storage_write(ServerProcess server, Servers servers) {
        ServerProcess slow = startWithDelay(servers, TIMED_DELAY);
        String user = unique("slow");
        List<String> wrong = new ArrayList<>();
        // Lower bounds only: a busy machine makes a request slower, never quicker than the storage calls it waits for.
        timed(slow, Ask.add(user, "apple"), TIMED_DELAY, "1 row, a cart of 1 item", wrong);
        timed(slow, Ask.add(user, "pear"), 2 * TIMED_DELAY, "2 rows, a cart of 2 items", wrong);
        timed(slow, Ask.checkout(user), TIMED_DELAY, "1 row, the order", wrong);
        timed(server, Ask.add(unique("ada"), "apple"), 50, "1 row at the default of 50 ms, STORAGE_DELAY_MS not set", wrong);
        if (!wrong.isEmpty()) {
            throw Failure.sent("one user adding 2 items and checking out, one request after another (STORAGE_DELAY_MS=" + TIMED_DELAY
                            + "), then another user adding 1 item to a server started without STORAGE_DELAY_MS")
                    .expected("each 200 reply at least as late as the storage rows it writes: " + TIMED_DELAY + " ms a row, 50 ms by default")
                    .got(String.join("\n", wrong))
                    .error();
        }
    }

    /** Sends one request and notes it in {@code wrong} unless it was answered 200 no sooner than {@code atLeastMillis}. */
    private static void timed(ServerProcess server, Request request, int atLeastMillis, String writes, List<String> wrong) {
        Answered reply = Together.one(server, request);
        long took = reply.answeredMillis() - reply.sentMillis();
        if (reply.status() != 200) {
            wrong.add(reply.describe() + "\n        expected 200");
        } else if (took < atLeastMillis) {
            wrong.add(reply.curl() + "  answered in " + took + " ms; it writes " + writes + ", at least " + atLeastMillis + " ms");
        }
    }

    @Test
    @DisplayName("shows each user only their own cart while their requests overlap")
    @Hint(step = 1, alsoNeeds = 2, value = "Leak 1: a \"current user\" kept in a static field is one field for every request. Read the X-User header into a local variable and pass it on as a parameter.")
    void each_user_sees_only_their_own_cart_while_requests_overlap(Servers servers) {
        ServerProcess server = startWithDelay(servers, 400);
        List<Request> adds = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            adds.add(Ask.add(unique("user" + i), unique("token" + i)));
        }

        List<Answered> answers = Together.send(server, adds);

        List<String> wrong = new ArrayList<>();
        for (Answered a : answers) {
            String item = Ask.itemOf(a.request());
            String expected = "added " + item + " to " + Ask.userOf(a.request()) + "'s cart: " + item + "\n";
            if (a.status() != 200 || !a.body().equals(expected)) {
                wrong.add(shortened(a.describe()) + "\n        expected 200 " + expected.strip());
            }
        }
        int wrongReplies = wrong.size();
        List<Answered> carts = Together.oneByOne(server, adds.stream().map(add -> Ask.view(Ask.userOf(add))).collect(Collectors.toList()));
        for (int i = 0; i < adds.size(); i++) {
            String item = Ask.itemOf(adds.get(i));
            String expected = Ask.userOf(adds.get(i)) + "'s cart: " + item + "\n";
            if (i >= carts.size() || !carts.get(i).body().equals(expected)) {
                wrong.add((i < carts.size() ? carts.get(i).describe() : Ask.view(Ask.userOf(adds.get(i))).curl(server) + "\n      → not sent: the request before it failed")
                        + "  (afterwards, one at a time)\n        expected 200 " + expected.strip());
            }
        }
        if (!wrong.isEmpty()) {
            throw Failure.sent("8 users, each adding one unique item, all at the same moment (STORAGE_DELAY_MS=400, so all 8 overlap),\n"
                            + "then each user's cart, one at a time.")
                    .expected("every reply names its own user and only that user's item.")
                    .got(wrongReplies + " of the 8 replies wrong, and " + (wrong.size() - wrongReplies) + " of the 8 carts afterwards; the first ones:\n  "
                            + wrong.stream().limit(4).collect(Collectors.joining("\n  ")))
                    .field("When each request ran", Together.timeline(answers, Ask::label).lines().collect(Collectors.toList()))
                    .error();
        }
    }

    @Test
    @DisplayName("answers 401 to every request without X-User, also right after other users' 400, 404, 405 and 409 replies, and after clients that hung up")
    @Hint(step = 1, value = "Who asks must not outlive its request, whichever way the request ends. A ThreadLocal stays on its pool thread for the next request: remove() it in a finally, so that a 400, a 409 or an exception clears it too; or keep the user in a local variable.")
    void forgets_who_asked_whatever_the_request_ended_in(Servers servers) {
        // Only adds and checkouts call the storage, and only the clients that hang up at the end send them.
        ServerProcess server = startWithDelay(servers, HUNG_UP_DELAY);
        List<String> users = new ArrayList<>();
        List<Request> asks = new ArrayList<>();
        // Errors first, more than a pool has threads, so that every thread has just ended one; then errors and
        // requests without X-User in turn.
        for (int i = 0; i < 96; i++) {
            if (i >= 48 && i % 2 == 1) {
                asks.add(Ask.view(null));
                continue;
            }
            String user = unique("oops" + users.size());
            asks.add(ERRORS.get(users.size() % ERRORS.size()).apply(user));
            users.add(user);
        }
        for (int i = 0; i < 16; i++) {
            asks.add(Ask.view(null));
        }

        List<Answered> answers = Together.oneByOne(server, asks);

        List<String> wrong = new ArrayList<>();
        long nobody = asks.stream().filter(ask -> Ask.userOf(ask) == null).count();
        for (Answered a : answers) {
            String user = Ask.userOf(a.request());
            if (user == null) {
                if (a.status() != 401 || users.stream().anyMatch(a.body()::contains)) {
                    wrong.add(shortened(a.describe()) + "\n        expected 401, naming none of the users before it");
                }
            } else {
                int expected = expectedError(a.request());
                if (a.status() != expected) {
                    wrong.add(shortened(a.describe()) + "\n        expected " + expected);
                }
            }
        }
        int notSent = asks.size() - answers.size();
        if (!wrong.isEmpty() || notSent > 0) {
            throw Failure.sent("one request after another: " + users.size() + " users each sending a request that ends early (POST /cart without item: 400,\n"
                            + "GET /nowhere: 404, DELETE /cart: 405, POST /checkout with an empty cart: 409), then " + nobody + " requests without X-User among and after them.")
                    .expected("each error as listed, and 401 for every request without X-User, naming nobody.")
                    .got(wrong.size() + " of " + answers.size() + " replies wrong" + (notSent > 0 ? ", and " + notSent + " requests not sent after one that got no reply" : "") + "; the first ones:\n  " + wrong.stream().limit(4).collect(Collectors.joining("\n  ")))
                    .error();
        }
        // Last, since a server that keeps one cart for everybody (step 2) would show their items in the 409s above.
        leaveBeforeTheReply(server);
    }

    /** The storage delay of the 401 check: the clients that hang up are gone well before their reply. */
    private static final int HUNG_UP_DELAY = 250;

    /**
     * More clients than a pool has threads add an item, each as a user of its own, and reset their
     * connection while the storage call runs: writing each reply then fails, and a request that
     * ends in an exception must leave nobody behind either. Requests without X-User follow, one
     * after another, until every one of those replies has long failed.
     */
    private static void leaveBeforeTheReply(ServerProcess server) {
        int clients = 20;
        String item = unique("gone");
        String authority = server.baseUrl().getAuthority();
        List<RawConnection> leaving = new ArrayList<>();
        List<String> leavers = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                String user = unique("left" + i);
                RawConnection connection = RawConnection.open(server, Http.EXCHANGE_WITHIN);
                leaving.add(connection);
                try {
                    connection.send(Ask.add(user, item).bytes(authority));
                } catch (IOException e) {
                    throw Failure.sent(Ask.add(user, item).curl(server)).expected("the request sent")
                            .got(e.toString()).server(server).error(e);
                }
                leavers.add(user);
            }
            // Each add is logged as it starts; its reply comes HUNG_UP_DELAY ms later, long after the reset.
            server.awaitStdout(lines -> lines.stream().filter(line -> line.contains(item)).count() >= clients, Duration.ofSeconds(2));
        } finally {
            leaving.forEach(RawConnection::reset);
        }
        long until = System.nanoTime() + Duration.ofMillis(3L * HUNG_UP_DELAY).toNanos();
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        while ((System.nanoTime() < until || sent < 32) && sent < 2000) {
            Answered a = Together.one(server, Ask.view(null));
            sent++;
            if (a.status() != 401 || leavers.stream().anyMatch(a.body()::contains)) {
                wrong.add(shortened(a.describe()));
            }
        }
        if (!wrong.isEmpty()) {
            throw Failure.sent(clients + " users at once, each adding an item (STORAGE_DELAY_MS=" + HUNG_UP_DELAY + "), each resetting its connection\n"
                            + "while the storage call runs, so that writing its reply fails; then " + sent + " times, one after another:  GET /cart  without X-User")
                    .expected("401 to every GET /cart without X-User, naming none of the users who hung up")
                    .got(wrong.size() + " of " + sent + " wrong; the first ones:\n  " + wrong.stream().limit(4).collect(Collectors.joining("\n  ")))
                    .error();
        }
    }

    /** Requests that end early, each with its status. */
    private static final List<Function<String, Request>> ERRORS = List.of(
            user -> Ask.as(user, "POST", "/cart"),
            user -> Ask.get("/nowhere", user),
            user -> Ask.as(user, "DELETE", "/cart"),
            Ask::checkout);

    private static int expectedError(Request request) {
        switch (request.method() + " " + request.target()) {
            case "POST /cart":
                return 400;
            case "GET /nowhere":
                return 404;
            case "DELETE /cart":
                return 405;
            default:
                return 409;
        }
    }

    @Test
    @DisplayName("shows each user only their own cart and order, request after request")
    @Hint(step = 2, value = "Leak 2: per-user data needs a home per user. Keep the carts in a map keyed by user, and make sure nothing from one request (a list, a ThreadLocal) is still there for the next one.")
    void each_user_sees_only_their_own_cart_request_after_request(Servers servers) {
        ServerProcess server = startWithDelay(servers, 0);
        Map<String, String> itemOf = new HashMap<>();
        List<String> users = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            String user = unique("shopper" + i);
            users.add(user);
            itemOf.put(user, unique("item" + i));
        }

        // Everyone adds, then everyone looks, then everyone checks out, then nobody asks.
        List<Request> asks = new ArrayList<>();
        users.forEach(user -> asks.add(Ask.add(user, itemOf.get(user))));
        users.forEach(user -> asks.add(Ask.view(user)));
        users.forEach(user -> asks.add(Ask.checkout(user)));
        for (int i = 0; i < 3; i++) {
            asks.add(Ask.view(null));
        }

        List<Answered> answers = Together.oneByOne(server, asks);

        assertThat(answers).as("replies to %d requests sent one after another", asks.size()).hasSize(asks.size());
        for (Answered a : answers) {
            String user = Ask.userOf(a.request());
            String expected;
            boolean ok;
            if (user == null) {
                expected = "401, naming none of the 24 users";
                ok = a.status() == 401 && users.stream().noneMatch(a.body()::contains);
            } else {
                String item = itemOf.get(user);
                expected = a.request().method().equals("GET") ? "200 " + user + "'s cart: " + item
                        : a.request().target().equals("/checkout") ? "200 order <number> for " + user + ": " + item
                        : "200 added " + item + " to " + user + "'s cart: " + item;
                ok = a.status() == 200 && (a.body().strip().equals(expected.substring(4))
                        || a.request().target().equals("/checkout") && a.body().matches("order \\d+ for " + Pattern.quote(user) + ": " + Pattern.quote(item) + "\n"));
            }
            if (!ok) {
                throw Failure.sent("one request after another: 24 users each add one item of their own, then each looks at their cart, then each checks out,\n"
                                + "then 3 requests without X-User (nobody).")
                        .expected("every reply about its own user and that user's item only.")
                        .field("Got, at request " + (answers.indexOf(a) + 1) + " of " + answers.size(), List.of(a.describe(), "      expected " + expected))
                        .error();
            }
        }
    }

    @Test
    @DisplayName("gives every order its own number when checkouts arrive at once")
    @Hint(step = 3, value = "Leak 3: read the number, wait for storage, write number + 1 back: two requests read the same number. Take the number in one atomic step (AtomicInteger.incrementAndGet) before the slow call.")
    void gives_every_order_its_own_number(Servers servers) {
        ServerProcess server = startWithDelay(servers, 300);
        List<Request> adds = new ArrayList<>();
        List<Request> checkouts = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String user = unique("buyer" + i);
            adds.add(Ask.add(user, unique("thing" + i)));
            checkouts.add(Ask.checkout(user));
        }
        List<Answered> added = Together.send(server, adds);
        List<Answered> notAdded = added.stream().filter(a -> a.status() != 200).collect(Collectors.toList());
        if (!notAdded.isEmpty()) {
            throw Failure.sent("8 users adding one item each at once, before checking out (STORAGE_DELAY_MS=300)")
                    .expected("200 for each")
                    .got(notAdded.size() + " of 8 not 200:\n  " + notAdded.stream().map(a -> shortened(a.describe())).collect(Collectors.joining("\n  ")))
                    .error();
        }

        // Two more users check out at the same moment with empty carts: a 409 is no order, and takes no number.
        List<Request> empty = List.of(Ask.checkout(unique("nobuyer1")), Ask.checkout(unique("nobuyer2")));
        List<Request> all = new ArrayList<>(checkouts);
        all.addAll(empty);
        List<Answered> answered = Together.send(server, all);
        List<Answered> orders = answered.subList(0, checkouts.size());
        List<Answered> refused = answered.subList(checkouts.size(), answered.size());

        List<String> numbers = new ArrayList<>();
        for (Answered order : orders) {
            Matcher m = ORDER.matcher(order.body());
            numbers.add(order.status() == 200 && m.matches() ? m.group(1) : "(" + order.status() + " " + order.body().strip() + ")");
        }
        Answered stats = Together.one(server, Ask.stats());
        Matcher placed = ORDERS_PLACED.matcher(stats.body());
        String placedCount = placed.find() ? placed.group(1) : null;

        List<String> wrong = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> twice = numbers.stream().filter(n -> n.matches("\\d+") && !seen.add(n)).distinct().collect(Collectors.toList());
        if (!twice.isEmpty() || !numbers.stream().allMatch(n -> n.matches("\\d+"))) {
            wrong.add("order numbers " + String.join(", ", numbers) + (twice.isEmpty() ? "" : ": " + String.join(", ", twice) + " given more than once"));
        }
        List<Integer> refusedStatuses = refused.stream().map(Answered::status).collect(Collectors.toList());
        if (!refusedStatuses.stream().allMatch(status -> status == 409)) {
            wrong.add("the 2 checkouts of empty carts answered " + refusedStatuses + ", not 409 each");
        }
        if (!"8".equals(placedCount)) {
            wrong.add(placedCount == null ? "no \"orders placed: N\" line in the reply to " + stats.curl() + ": " + shortened(stats.describe())
                    : "orders placed: " + placedCount + " in the reply to " + stats.curl());
        }
        if (!wrong.isEmpty()) {
            List<String> replies = new ArrayList<>();
            answered.forEach(a -> replies.add(shortened(a.describe())));
            throw Failure.sent("8 checkouts of 8 users' carts and 2 checkouts of empty carts, all at the same moment (STORAGE_DELAY_MS=300), then GET /stats")
                    .expected("8 different order numbers, 409 for each empty cart (no order, so no number), and orders placed: 8")
                    .got(String.join("\n", wrong))
                    .field("The 10 replies", replies)
                    .server(server).error();
        }
    }

    @Test
    @ResourceLock(HEAVY_LOAD)
    @DisplayName("gives 400 checkouts from 16 clients at once 400 different numbers, even with no storage delay")
    @Hint(step = 3, value = "Leak 3 needs no slow call: ++ on a shared int (volatile or not), or get() then set(), still reads, adds and writes back in three steps, and two threads do it at once. Take the number in one atomic step: AtomicInteger.incrementAndGet().")
    void gives_every_order_its_own_number_under_contention(Servers servers) {
        ServerProcess server = startWithDelay(servers, 0);
        int clients = 16;
        int checkoutsEach = 25;
        List<List<Request>> perClient = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String user = unique("rush" + c);
            List<Request> asks = new ArrayList<>();
            for (int i = 0; i < checkoutsEach; i++) {
                asks.add(Ask.add(user, user + "-" + i));
                asks.add(Ask.checkout(user));
            }
            perClient.add(asks);
        }

        List<Answered> answers = Together.streams(server, perClient);

        Map<String, List<String>> ownersOf = new HashMap<>();
        List<String> wrong = new ArrayList<>();
        String lastItem = null;
        for (Answered a : answers) {
            String user = Ask.userOf(a.request());
            if (a.request().target().startsWith("/cart?item=")) {
                lastItem = Ask.itemOf(a.request());
                continue;
            }
            Matcher m = ORDER.matcher(a.body());
            if (a.status() == 200 && m.matches() && m.group(2).equals(user) && m.group(3).equals(lastItem)) {
                ownersOf.computeIfAbsent(m.group(1), n -> new ArrayList<>()).add(user);
            } else {
                wrong.add(shortened(a.describe()) + "\n        expected 200 order <number> for " + user + ": " + lastItem);
            }
        }
        List<String> shared = ownersOf.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> "order " + e.getKey() + " was given " + e.getValue().size() + " times, to " + String.join(", ", e.getValue()))
                .collect(Collectors.toList());
        int checkouts = clients * checkoutsEach;
        Answered stats = Together.one(server, Ask.stats());
        Matcher placed = ORDERS_PLACED.matcher(stats.body());
        String ordersPlaced = placed.find() ? placed.group(1) : "(no \"orders placed: N\" in " + stats.body().strip() + ")";
        int notSent = 2 * checkouts - answers.size();
        if (!shared.isEmpty() || !wrong.isEmpty() || notSent > 0 || !ordersPlaced.equals(Integer.toString(checkouts))) {
            throw Failure.sent(clients + " clients at once, each a user of its own adding an item and checking out, " + checkoutsEach + " times each (STORAGE_DELAY_MS=0),\n"
                            + "then  " + stats.curl())
                    .expected(checkouts + " orders with " + checkouts + " different numbers, each for its own user and item, and \"orders placed: " + checkouts + "\".")
                    .got(counted(ownersOf.size(), "different number") + ", " + shared.size() + " of them given more than once; " + counted(wrong.size(), "checkout") + " without a right order;"
                            + (notSent > 0 ? " " + notSent + " requests not sent, their client having got no reply;" : "")
                            + " orders placed: " + ordersPlaced + "\n  "
                            + Stream.concat(shared.stream(), wrong.stream()).limit(4).collect(Collectors.joining("\n  ")))
                    .error();
        }
    }

    @Test
    @ResourceLock(HEAVY_LOAD)
    @DisplayName("answers 1,000 concurrent mixed requests with no 500 and no mixed-up carts")
    @Hint(step = 4, value = "Leak 4: HashMap and ArrayList are not safe for many threads at once, and the storage reads the list while others add to it. Use a ConcurrentHashMap, and never change a list in place: replace it with a new one (merge). 500s on GET /stats are step 5's: stats() reads recentRequests while other requests add to it.")
    void survives_1000_concurrent_mixed_requests(Servers servers) {
        ServerProcess server = startWithDelay(servers, 25);
        List<String> users = new ArrayList<>();
        for (int u = 0; u < 10; u++) {
            users.add(unique("load" + u));
        }
        List<List<Request>> rounds = new ArrayList<>();
        for (int r = 0; r < 20; r++) {
            List<Request> round = new ArrayList<>();
            // Two tabs of the same user add at the same moment, then everybody looks, pays, and peeks at /stats.
            for (String user : users) {
                round.add(Ask.add(user, user + "-r" + r + "a"));
                round.add(Ask.add(user, user + "-r" + r + "b"));
            }
            users.forEach(user -> round.add(Ask.view(user)));
            users.forEach(user -> round.add(Ask.checkout(user)));
            users.forEach(user -> round.add(Ask.stats()));
            rounds.add(round);
        }

        List<Answered> answers = Together.rounds(server, 50, rounds);

        List<String> wrong = new ArrayList<>();
        Map<String, List<String>> ordered = new HashMap<>();
        Set<String> orderNumbers = new HashSet<>();
        for (Answered a : answers) {
            String problem = problemWith(a, ordered, orderNumbers);
            if (problem != null) {
                wrong.add(shortened(a.describe()) + "\n        " + problem);
            }
        }
        List<Answered> carts = Together.oneByOne(server, users.stream().map(Ask::view).collect(Collectors.toList()));
        for (Answered cart : carts) {
            String user = Ask.userOf(cart.request());
            List<String> inCart = itemsIn(cart.body(), user + "'s cart: ");
            List<String> everything = new ArrayList<>(ordered.getOrDefault(user, List.of()));
            everything.addAll(inCart);
            Set<String> added = new HashSet<>();
            for (int r = 0; r < 20; r++) {
                added.add(user + "-r" + r + "a");
                added.add(user + "-r" + r + "b");
            }
            if (everything.size() != added.size() || !added.containsAll(everything)) {
                Set<String> lost = new HashSet<>(added);
                everything.forEach(lost::remove);
                wrong.add(user + ": of the 40 items added, " + lost.size() + " are in no order and not in the cart"
                        + (everything.size() > added.size() - lost.size() ? ", and some are in two places or belong to someone else" : "")
                        + " (" + cart.describe() + ")");
            }
        }
        if (!wrong.isEmpty()) {
            long errors = answers.stream().filter(a -> a.status() >= 500 || !a.answered()).count();
            throw Failure.sent("1,000 requests from 50 clients at once, in 20 rounds: 10 users each adding two items from two tabs, viewing, checking out,\n"
                            + "and GET /stats (STORAGE_DELAY_MS=25).")
                    .expected("no 5xx, every reply about its own user, every item added ending up in exactly one order or in the cart.")
                    .got(counted(errors, "error") + " (5xx or no reply) and " + counted(wrong.size(), "problem") + " in all; the first ones:\n  "
                            + wrong.stream().limit(4).collect(Collectors.joining("\n  ")))
                    .error();
        }
    }

    /** What is wrong with one reply of the mixed load, or null. Collects the orders it sees. */
    private static String problemWith(Answered a, Map<String, List<String>> ordered, Set<String> orderNumbers) {
        if (!a.answered()) {
            return "expected a reply";
        }
        if (a.status() >= 500) {
            return a.request().target().equals("/stats")
                    ? "expected no server error: " + STATS_RACE + " (step 5)"
                    : "expected no server error";
        }
        String user = Ask.userOf(a.request());
        String body = a.body();
        if (a.request().target().startsWith("/cart?item=")) {
            String item = Ask.itemOf(a.request());
            String prefix = "added " + item + " to " + user + "'s cart: ";
            List<String> items = itemsIn(body, prefix);
            return a.status() == 200 && body.startsWith(prefix) && items.contains(item) && ownedBy(items, user) ? null
                    : "expected 200 \"" + prefix + "<" + user + "'s items, " + item + " among them>\"";
        }
        if (a.request().target().equals("/cart")) {
            boolean ok = a.status() == 200 && (body.equals(user + "'s cart is empty\n")
                    || body.startsWith(user + "'s cart: ") && ownedBy(itemsIn(body, user + "'s cart: "), user));
            return ok ? null : "expected 200 with " + user + "'s items only";
        }
        if (a.request().target().equals("/checkout")) {
            if (a.status() == 409 && body.startsWith(user + "'s cart is empty")) {
                return null;
            }
            Matcher m = ORDER.matcher(body);
            if (a.status() != 200 || !m.matches() || !m.group(2).equals(user) || !ownedBy(itemsIn(body, "order " + m.group(1) + " for " + user + ": "), user)) {
                return "expected 200 \"order <number> for " + user + ": <" + user + "'s items only>\", or 409 for an empty cart";
            }
            if (!orderNumbers.add(m.group(1))) {
                return "expected a new order number; " + m.group(1) + " was given before";
            }
            ordered.computeIfAbsent(user, u -> new ArrayList<>()).addAll(itemsIn(body, "order " + m.group(1) + " for " + user + ": "));
            return null;
        }
        return a.status() == 200 && REQUESTS_SERVED.matcher(body).find() ? null : "expected 200 with \"requests served: N\"";
    }

    /** "1 error", "2 errors". */
    private static String counted(long n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    private static List<String> itemsIn(String body, String prefix) {
        if (!body.startsWith(prefix) || !body.endsWith("\n")) {
            return List.of();
        }
        return Arrays.asList(body.substring(prefix.length(), body.length() - 1).split(", "));
    }

    private static boolean ownedBy(List<String> items, String user) {
        return items.stream().allMatch(item -> item.startsWith(user + "-r"));
    }

    @Test
    @ResourceLock(HEAVY_LOAD)
    @DisplayName("answers 1,600 requests from 16 clients at once, every reply whole and about its own request, GET /stats included")
    @Hint(step = 4, alsoNeeds = 5, value = "Nothing slow is needed for a race: a StringBuilder, HashMap or ArrayList shared by every request is changed by two threads at once. And a read is a use too: iterating a Collections.synchronizedList, or copying a collection, outside the lock that guards its writes fails the same way. Read under the same lock as the writes.")
    void every_reply_is_whole_and_its_own_under_contention(Servers servers) {
        ServerProcess server = startWithDelay(servers, 0);
        int clients = 16;
        int visitsEach = 25;
        int statsEach = 100;
        List<List<Request>> perClient = new ArrayList<>();
        Set<String> sentLines = new HashSet<>();
        for (int c = 0; c < clients / 2; c++) {
            String user = unique("crowd" + c);
            List<Request> asks = new ArrayList<>();
            for (int i = 0; i < visitsEach; i++) {
                // One user per client, so each reply's exact text is known: add two, look, pay.
                asks.add(Ask.add(user, user + "-" + i + "a"));
                asks.add(Ask.add(user, user + "-" + i + "b"));
                asks.add(Ask.view(user));
                asks.add(Ask.checkout(user));
            }
            asks.forEach(ask -> sentLines.add(Ask.line(ask)));
            perClient.add(asks);
            // Beside each shopper, a reader of /stats, whose list the shoppers' requests change while it is read.
            perClient.add(Collections.nCopies(statsEach, Ask.stats()));
        }
        sentLines.add(Ask.line(Ask.stats()));

        List<Answered> answers = Together.streams(server, perClient);

        List<String> wrong = new ArrayList<>();
        Map<String, String> firstItemOf = new HashMap<>();
        int statsWrong = 0;
        for (Answered a : answers) {
            String user = Ask.userOf(a.request());
            String problem;
            if (user == null) {
                problem = statsProblem(a, sentLines);
                statsWrong += problem == null ? 0 : 1;
            } else {
                if (a.request().target().endsWith("a")) {
                    firstItemOf.put(user, Ask.itemOf(a.request()));
                }
                String expected = expectedVisit(a.request(), firstItemOf.get(user));
                // The order number is the server's to choose; the rest of the reply is known.
                String got = a.status() + " " + a.body().replaceFirst("^order \\d+ for ", "order <number> for ");
                problem = got.equals("200 " + expected) ? null : "expected 200 " + expected.strip();
            }
            if (problem != null) {
                wrong.add(shortened(a.describe()) + "\n        " + problem);
            }
        }
        if (!wrong.isEmpty()) {
            int sent = perClient.stream().mapToInt(List::size).sum();
            throw Failure.sent(clients + " clients at once (STORAGE_DELAY_MS=0), " + sent + " requests: " + clients / 2 + " users, each from a client of its own, " + visitsEach + " times each\n"
                            + "adding two items, looking at the cart and checking out, and beside them " + clients / 2 + " clients sending GET /stats " + statsEach + " times each.")
                    .expected("every reply about its own request: its own user and items, and every GET /stats whole: \"recent requests kept: N\",\n"
                            + "then N lines, each a request that was sent.")
                    .got(wrong.size() + " of the " + answers.size() + " requests sent got a wrong reply or none (" + statsWrong + " of them GET /stats)"
                            + (answers.size() < sent ? "; the other " + (sent - answers.size()) + " were not sent, their client having got no reply" : "")
                            + "; the first ones:\n  "
                            + wrong.stream().limit(4).collect(Collectors.joining("\n  ")))
                    .error();
        }
    }

    /** A reply as the report shows it: a long one (a GET /stats of 100 lines) by its first lines and its last. */
    private static String shortened(String described) {
        List<String> lines = described.lines().collect(Collectors.toList());
        if (lines.size() <= 10) {
            return described;
        }
        return String.join("\n", lines.subList(0, 6)) + "\n  … (" + (lines.size() - 8) + " lines more)\n" + String.join("\n", lines.subList(lines.size() - 2, lines.size()));
    }

    /** The reply a visit of one user expects, {@code <number>} standing for an order's number; {@code first} is the visit's first item. */
    private static String expectedVisit(Request request, String first) {
        String user = Ask.userOf(request);
        String both = first + ", " + first.substring(0, first.length() - 1) + "b\n";
        if (request.target().equals("/cart")) {
            return user + "'s cart: " + both;
        }
        if (request.target().equals("/checkout")) {
            return "order <number> for " + user + ": " + both;
        }
        String item = Ask.itemOf(request);
        return "added " + item + " to " + user + "'s cart: " + (item.equals(first) ? first + "\n" : both);
    }

    /** What is wrong with one reply to GET /stats, or null: it must be whole, its list as long as it says, each line a request sent. */
    private static String statsProblem(Answered a, Set<String> sentLines) {
        if (a.status() != 200) {
            return "expected 200 with the stats";
        }
        List<String> lines = Arrays.asList(a.body().split("\n", -1));
        Matcher kept = RECENT_KEPT.matcher(a.body());
        if (!REQUESTS_SERVED.matcher(a.body()).find() || !ORDERS_PLACED.matcher(a.body()).find() || !kept.find()) {
            return "expected \"requests served: N\", \"orders placed: N\" and \"recent requests kept: N\"";
        }
        int n = Integer.parseInt(kept.group(1));
        int at = lines.indexOf(lines.stream().filter(line -> line.startsWith("recent requests kept: ")).findFirst().orElseThrow());
        List<String> listed = lines.subList(at + 1, lines.size() - 1);
        if (n > 100 || listed.size() != n || !lines.get(lines.size() - 1).isEmpty()) {
            return "expected \"recent requests kept: N\", N at most 100, then exactly N lines; got N = " + n + " and " + listed.size() + " lines";
        }
        return listed.stream().filter(line -> !sentLines.contains(line)).findFirst()
                .map(line -> "expected only requests that were sent; got the line \"" + line + "\"").orElse(null);
    }

    @Test
    @ResourceLock(HEAVY_LOAD)
    @DisplayName("keeps at most 100 recent requests, even after 2,000 requests")
    @Hint(step = 5, value = "Leak 5: a list that keeps every request grows until the process runs out of memory. Keep only the last 100: drop the oldest when you add one.")
    void keeps_memory_bounded(Servers servers) {
        ServerProcess server = startWithDelay(servers, 0);
        String user = unique("visitor");
        int clients = 8;
        // 20 times what may be kept, sent from 8 clients at once.
        int requests = 2_000;
        List<List<Request>> perClient = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Request> asks = new ArrayList<>();
            for (int i = 0; i < requests / clients; i++) {
                asks.add(Ask.get("/cart?visit=" + (c * requests / clients + i), user));
            }
            perClient.add(asks);
        }
        List<Answered> answers = Together.streams(server, perClient);
        List<Answered> notOk = answers.stream().filter(a -> a.status() != 200).collect(Collectors.toList());
        if (answers.size() != requests || !notOk.isEmpty()) {
            throw Failure.sent(requests + " requests  GET /cart?visit=N  as " + user + ", from " + clients + " clients at once")
                    .expected("200 for every one")
                    .got(notOk.size() + " replies other than 200"
                            + (answers.size() < requests ? ", and " + (requests - answers.size()) + " requests not sent, their client having got no reply" : "")
                            + (notOk.isEmpty() ? "" : "; the first:\n  " + shortened(notOk.get(0).describe())))
                    .server(server).error();
        }

        String last = unique("last");
        Request lastOne = Ask.get("/cart?last=" + last, user);
        Answered stats = Together.oneByOne(server, List.of(lastOne, Ask.stats())).get(1);
        Matcher kept = RECENT_KEPT.matcher(stats.body());
        Soft.assertSoftly(softly -> {
            softly.check(() -> {
                int n = kept.find() ? Integer.parseInt(kept.group(1)) : -1;
                if (n < 1 || n > 100) {
                    throw Failure.sent(stats.curl() + "  after 2,000 requests")
                            .expected("\"recent requests kept: N\", N from 1 to 100")
                            .got(n < 0 ? "no line \"recent requests kept: N\" in:\n  " + shortened(stats.describe()) : "recent requests kept: " + n)
                            .error();
                }
            });
            softly.check(() -> assertThat(stats.body()).as("the reply to  %s  lists the latest requests, e.g.  %s", stats.curl(), lastOne.curl(server))
                    .contains("GET /cart?last=" + last));
        });
    }

    @Test
    @DisplayName("lists the last 100 requests in GET /stats, oldest first, with the counts of requests and orders")
    @Hint(step = 5, value = "Keep the last 100 request lines, add each new one at the end, drop the oldest from the front, and list them oldest first; the GET /stats itself is the newest. The counts come first, as the README's endpoint table shows them.")
    void lists_the_last_100_requests_oldest_first(Servers servers) {
        ServerProcess server = startWithDelay(servers, 0);
        String user = unique("reader");
        List<Request> asks = new ArrayList<>();
        int orders = 0;
        for (int i = 0; i < 140; i++) {
            switch (i % 7) {
                case 0 -> asks.add(Ask.add(user, "thing" + i));
                case 1 -> {
                    asks.add(Ask.checkout(user));
                    orders++;
                }
                case 3 -> asks.add(Ask.get("/nowhere?i=" + i, user));
                case 5 -> asks.add(Ask.get("/cart?anonymous=" + i, null));
                default -> asks.add(Ask.get("/cart?page=" + i, user));
            }
        }
        asks.add(Ask.stats());

        List<Answered> answers = Together.oneByOne(server, asks);

        if (answers.size() < asks.size() || !answers.get(answers.size() - 1).answered()) {
            Answered failed = answers.stream().filter(a -> !a.answered()).findFirst().orElse(answers.get(answers.size() - 1));
            throw Failure.sent("one request after another: " + asks.size() + " requests, the last  " + Ask.stats().curl(server))
                    .expected("a reply to each.")
                    .got("no reply to request " + (answers.indexOf(failed) + 1) + " of " + asks.size() + ", and nothing sent after it:\n  " + failed.describe())
                    .server(server)
                    .error();
        }
        Answered stats = answers.get(answers.size() - 1);
        StringBuilder expected = new StringBuilder("requests served: " + asks.size() + "\n"
                + "orders placed: " + orders + "\n"
                + "recent requests kept: 100 (at most 100)\n");
        asks.subList(asks.size() - 100, asks.size()).forEach(ask -> expected.append(Ask.line(ask)).append('\n'));
        // "(at most 100)" says what N is: the stub leaves it out, the reference writes it; either is right.
        String body = stats.body().replaceFirst("(?m)^recent requests kept: 100$", "recent requests kept: 100 (at most 100)");
        if (stats.status() != 200 || !body.equals(expected.toString())) {
            throw Failure.sent("one request after another: " + (asks.size() - 1) + " requests as " + user + " and as nobody (adds, " + orders + " checkouts, carts, 404s, 401s),\n"
                            + "then  " + stats.curl())
                    .expected("200, the counts, then the last 100 request lines, oldest first, the GET /stats itself last:\n"
                            + expected.toString().lines().limit(6).collect(Collectors.joining("\n")) + "\n  …\n" + Ask.line(stats.request()))
                    .got(stats.status() + ":\n" + stats.body().lines().limit(6).collect(Collectors.joining("\n"))
                            + (stats.body().lines().count() > 6 ? "\n  …\n" + stats.body().lines().reduce((x, y) -> y).orElse("") : "")
                            + firstDifference(expected.toString(), body))
                    .error();
        }
    }

    /** Where two texts part, line by line, for a message. */
    private static String firstDifference(String expected, String got) {
        List<String> e = expected.lines().collect(Collectors.toList());
        List<String> g = got.lines().collect(Collectors.toList());
        for (int i = 0; i < Math.max(e.size(), g.size()); i++) {
            String want = i < e.size() ? e.get(i) : "(nothing)";
            String have = i < g.size() ? g.get(i) : "(nothing)";
            if (!want.equals(have)) {
                return "\nThe first difference, at line " + (i + 1) + ": expected \"" + want + "\", got \"" + have + "\".";
            }
        }
        return "";
    }

    @Test
    @DisplayName("counts every request exactly in GET /stats")
    @Hint(step = 6, value = "The request counter is shared by every request on purpose: one AtomicLong for the whole process, incremented once per request. Don't make it local, per user or per thread.")
    void counts_every_request_exactly(Servers servers) {
        ServerProcess server = startWithDelay(servers, 0);
        String user = unique("counter");
        List<Request> mix = List.of(Ask.view(user), Ask.view(null), Ask.get("/no/such/page", user));
        List<List<Request>> perClient = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            List<Request> asks = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                asks.add(mix.get((c + i) % mix.size()));
            }
            perClient.add(asks);
        }
        List<Answered> answers = Together.streams(server, perClient);
        assertThat(answers.stream().filter(a -> !a.answered()).map(Answered::describe))
                .as("requests without a reply, of 300 sent from 10 clients at once (%d replies came)", answers.size()).isEmpty();

        Answered stats = Together.one(server, Ask.stats());
        Matcher served = REQUESTS_SERVED.matcher(stats.body());
        assertThat(served.find() ? served.group(1) : stats.body())
                .as("\"requests served: N\" in the reply to  %s, after 300 requests (carts, 401s and 404s), this one being number 301", stats.curl())
                .isEqualTo("301");
    }

    @Test
    @DisplayName("serves several users at the same time, not one after another")
    @Hint(step = 6, value = "One lock held across the whole request makes it safe by making every user wait for every other. Lock only the small step that changes shared state (or use atomic operations), never around the slow storage call.")
    void serves_users_at_the_same_time(Servers servers) {
        ServerProcess server = startWithDelay(servers, 500);
        List<Request> adds = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            adds.add(Ask.add(unique("user" + i), unique("item" + i)));
        }

        // The same 4 users add at the same moment, then check out at the same moment: both write to storage.
        List<Answered> added = Together.send(server, adds);
        List<Answered> ordered = Together.send(server, adds.stream().map(add -> Ask.checkout(Ask.userOf(add))).toList());

        Map<String, String> itemOf = adds.stream().collect(Collectors.toMap(Ask::userOf, Ask::itemOf));
        Soft.assertSoftly(softly -> {
            sideBySide(softly, "adding one item each", added, a -> "200 added " + Ask.itemOf(a.request()) + " to " + Ask.userOf(a.request()) + "'s cart: " + Ask.itemOf(a.request()) + "\n");
            sideBySide(softly, "checking out that item", ordered, a -> "200 order N for " + Ask.userOf(a.request()) + ": " + itemOf.get(Ask.userOf(a.request())) + "\n");
        });
    }

    /** Four users' replies, each its sender's own, and all of them together: not 500 ms apart. */
    private static void sideBySide(Soft softly, String doing, List<Answered> answers, Function<Answered, String> expected) {
        // One after another, each reply comes at least 500 ms after the one before: 1,500 ms from the first to the
        // last. Side by side, they all come at about the same time, however slow the machine.
        long first = answers.stream().mapToLong(Answered::answeredMillis).min().orElse(0);
        long last = answers.stream().mapToLong(Answered::answeredMillis).max().orElse(0);
        // Each reply must be its sender's own: the time line of replies that are wrong says nothing.
        List<String> wrong = answers.stream()
                .filter(a -> !(a.status() + " " + a.body().replaceFirst("^order \\d+ ", "order N ")).equals(expected.apply(a)))
                .map(a -> a.describe() + "\n        expected " + expected.apply(a).strip())
                .collect(Collectors.toList());
        softly.check(() -> {
            if (!wrong.isEmpty()) {
                throw Failure.sent("4 users " + doing + " at the same moment, each to a cart of their own (STORAGE_DELAY_MS=500)")
                        .expected("each reply about its own user's cart")
                        .got(wrong.size() + " of 4 wrong:\n  " + String.join("\n  ", wrong))
                        .error();
            }
        });
        softly.check(() -> {
            if (last - first >= 1000) {
                // Say "one after another" only when the replies really came in turn, each long after the one before.
                long[] times = answers.stream().mapToLong(Answered::answeredMillis).sorted().toArray();
                boolean inTurn = true;
                for (int i = 1; i < times.length; i++) {
                    inTurn &= times[i] - times[i - 1] >= 300;
                }
                throw Failure.sent("4 users " + doing + " at the same moment (STORAGE_DELAY_MS=500)")
                        .expected("the 4 replies within 1000 ms: each waits 500 ms for storage, and side by side the waits overlap")
                        .got("the last reply " + (last - first) + " ms after the first: "
                                + (inTurn ? "one after another, about 500 ms apart" : "not one after another, but some took far longer than one 500 ms storage call: see which"))
                        .field("When each reply came", Together.timeline(answers, Ask::label))
                        .error();
            }
        });
    }
}
