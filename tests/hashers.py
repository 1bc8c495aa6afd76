"""A cheaper Argon2 for tests: same algorithm, lower cost, so hundreds of logins stay fast."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    algorithm = "argon2"
    time_cost = 1
    memory_cost = 64
    parallelism = 1
