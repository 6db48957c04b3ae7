from locust import HttpUser, task


class Viewer(HttpUser):
    @task
    def health(self):
        self.client.get("/health")
