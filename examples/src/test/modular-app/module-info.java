module com.example.app {
    requires org.workspaceengine.persistence.file;              // and the other stores you use
    opens com.example.app to com.fasterxml.jackson.databind;    // Jackson reads and builds your entities
}
