package dev.heaptriage.scenarios;

import dev.heaptriage.testing.Scenario;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * An ORM unit of work that is never flushed or cleared (Hibernate ORM over an in-memory H2; no reader in
 * {@code detect/libs} names either): an import persists {@value #LINES} order lines in one session. Each line is held by
 * the session's persistence context (its entity map and its entry list) and by its action queue at once, so no one
 * collection dominates them: the session is the accumulation point. What to observe: leak-suspects names
 * {@code SuspectUnitOfWork$OrderImport.session} (a field of the instance held by {@code SuspectUnitOfWork.IMPORT}),
 * {@code OrderLine} and its count. The near miss {@link SuspectUnitOfWorkCleared} flushes and clears the session
 * every {@value #BATCH} lines, as Hibernate's batch-processing guide says.
 */
public final class SuspectUnitOfWork {
    public static final int LINES = 100_000;
    public static final int BATCH = 1_000;
    static final OrderImport IMPORT = new OrderImport();

    /** One imported order line. */
    @Entity
    @Table(name = "order_lines")
    public static class OrderLine {
        @Id
        long id;
        int quantity;

        protected OrderLine() {
        }

        OrderLine(long id, int quantity) {
            this.id = id;
            this.quantity = quantity;
        }
    }

    /** The application's import job: one session for the whole file. */
    static final class OrderImport {
        SessionFactory factory;
        Session session;

        void run(boolean cleared) {
            factory = new Configuration().addAnnotatedClass(OrderLine.class)
                    .setProperty("hibernate.connection.url", "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1")
                    .setProperty("hibernate.connection.username", "sa")
                    .setProperty("hibernate.hbm2ddl.auto", "create")
                    .setProperty("hibernate.show_sql", "false")
                    .buildSessionFactory();
            session = factory.openSession();
            session.beginTransaction();
            for (int i = 0; i < LINES; i++) {
                session.persist(new OrderLine(i, i % 7));
                if (cleared && i % BATCH == BATCH - 1) {
                    session.flush();
                    session.clear();
                }
            }
        }
    }

    static void run(String dump, boolean cleared) throws Exception {
        IMPORT.run(cleared);
        Scenario.dumpLive(dump);
    }

    public static void main(String[] args) throws Exception {
        run(args[0], false);
    }
}
